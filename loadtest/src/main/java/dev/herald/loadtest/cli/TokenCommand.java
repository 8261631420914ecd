package dev.herald.loadtest.cli;

import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.token.TokenMinter;
import dev.herald.loadtest.token.Ttl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** Prints a signed HS256 token of the wire contract, for operators and scripts. */
@Command(name = "token", sortOptions = false,
        description = "Print a signed token: token --secret S --scope subscribe --job J --ttl 1h (--job '*' for every job).")
public final class TokenCommand implements Callable<Integer> {

    private final Io io;

    @Option(names = "--secret", paramLabel = "SECRET", description = "The shared secret (REALTIME_SHARED_SECRET). Default: $REALTIME_SHARED_SECRET.")
    String secret;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "subscribe, publish or admin; repeat or space/comma-separate for several (default subscribe).")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--job", paramLabel = "JOB", description = "A job the token grants; repeat for several; '*' for all.")
    List<String> jobs = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", description = "Lifetime: 90s, 15m, 1h, 7d or PT1H (default 1h).")
    String ttl;

    @Option(names = "--subject", paramLabel = "SUB", description = "The sub claim (who the token is for).")
    String subject;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    TokenCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String key = secret != null ? secret : System.getenv("REALTIME_SHARED_SECRET");
        if (key == null || key.isEmpty()) {
            throw new ConfigException("token needs --secret (or REALTIME_SHARED_SECRET in the environment)");
        }
        List<String> scopeList = scopes.stream().flatMap(s -> Arrays.stream(s.split("[\\s,]+"))).filter(s -> !s.isBlank()).distinct().toList();
        if (jobs.isEmpty()) {
            throw new ConfigException("token needs at least one --job (or --job '*' for every job)");
        }
        String token = new TokenMinter(key).mint(scopeList.isEmpty() ? List.of("subscribe") : scopeList, jobs, Ttl.parse(ttl), subject);
        io.out().println(token);
        io.out().flush();
        return ExitCodes.OK;
    }
}
