package dev.herald.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The server package this module built, unpacked once per build under {@code target/nodes/runtime},
 * and what every test gateway process needs around it: its own server directory (a copy of the
 * package's, so its own data and logs) and free ports. Shared by the distribution tests' nodes and
 * the load-test smoke run's gateways, which live in different packages.
 */
public final class ServerRuntime {

    private ServerRuntime() {
    }

    /** Where test gateways get their directories. */
    public static Path nodesDir() {
        return Path.of(System.getProperty("herald.nodes.dir", "target/nodes")).toAbsolutePath();
    }

    /**
     * The unpacked {@code wlp} directory; unpacks the package on first use, and again when the
     * package changed since (a build without {@code clean} must not test yesterday's server).
     */
    public static synchronized Path wlp() {
        Path root = nodesDir().resolve("runtime");
        Path wlp = root.resolve("wlp");
        Path zip = Path.of(System.getProperty("herald.server.zip", "target/herald-server.zip"));
        Path stamp = root.resolve("unpacked-from.txt");
        String zipStamp = stampOf(zip);
        if (Files.exists(wlp.resolve("bin").resolve("server")) && zipStamp.equals(readStamp(stamp))) {
            return wlp;
        }
        deleteTree(root);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // zip entries carry no permissions
            try (var scripts = Files.list(wlp.resolve("bin"))) {
                scripts.forEach(p -> p.toFile().setExecutable(true));
            }
            wlp.resolve("bin/tools/ws-server.jar").toFile().setExecutable(true);
            Files.writeString(stamp, zipStamp);
            return wlp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
    }

    /** The package's {@code herald} server directory copied to {@code serverDir}, over what is there. */
    public static void copyServerTo(Path serverDir) {
        Path from = wlp().resolve("usr").resolve("servers").resolve("herald");
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(serverDir.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, serverDir.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stampOf(Path zip) {
        try {
            return zip.toAbsolutePath() + " " + Files.size(zip) + " " + Files.getLastModifiedTime(zip).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("no server package at " + zip + " (build the module first)", e);
        }
    }

    private static String readStamp(Path stamp) {
        try {
            return Files.exists(stamp) ? Files.readString(stamp) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Removes a directory and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }

    /** The {@code server} script of the runtime. */
    public static String serverScript() {
        return wlp().resolve("bin").resolve("server").toString();
    }

    /** SIGTERM, as a platform stops a container; waits for the end, then kills what did not end in 60 s. */
    public static void terminate(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
