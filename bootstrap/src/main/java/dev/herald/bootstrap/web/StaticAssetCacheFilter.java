package dev.herald.bootstrap.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The pages and the client library change with every gateway upgrade, under the same names. A
 * browser that cached them by its heuristics would run an old {@code herald-client.js} against a
 * new gateway. Revalidation ({@code no-cache}) is no cure: the build is reproducible, so every
 * release's files carry the same {@code Last-Modified} and the container would answer 304 with the
 * old copy. So they are never stored ({@code no-store}); they are small (about 50 KB together).
 * {@code nosniff}: the files are used only as the type the container names, never guessed.
 */
@WebFilter(urlPatterns = {"/", "/index.html", "/app.js", "/app.css", "/room.html", "/room.js", "/room.css",
        "/herald-client.js", "/herald-client.d.ts"})
public class StaticAssetCacheFilter implements Filter {

    static final String CACHE_CONTROL = "no-store";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader("Cache-Control", CACHE_CONTROL);
            http.setHeader("X-Content-Type-Options", "nosniff");
        }
        chain.doFilter(request, response);
    }
}
