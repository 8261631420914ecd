package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.GatewayHttp;

import java.util.concurrent.TimeUnit;

/**
 * The gateway's used heap from {@code /metrics} ({@code memory_usedHeap_bytes}, a base metric of
 * MicroProfile Metrics). Used heap includes garbage, so the probe takes the lowest of several
 * samples, and first runs the operator's {@code heapSampleCommand} when given (e.g.
 * {@code jcmd <pid> GC.run} on the gateway's host) so that the figure is live data only.
 */
public final class HeapProbe {

    private final GatewayHttp http;
    private final String gcCommand;

    public HeapProbe(GatewayHttp http, String gcCommand) {
        this.http = http;
        this.gcCommand = gcCommand;
    }

    public boolean forcesGc() {
        return gcCommand != null;
    }

    /** Bytes, or -1 when the gateway does not publish the metric. */
    public long usedHeap() throws Exception {
        if (gcCommand != null) {
            Process p = new ProcessBuilder("sh", "-c", gcCommand).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
            Thread.sleep(200);
        }
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long value = read(http.prometheus());
            if (value < 0) {
                return -1;
            }
            lowest = Math.min(lowest, value);
            Thread.sleep(200);
        }
        return lowest;
    }

    static long read(String prometheus) {
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("memory_usedHeap_bytes")) {
                String value = line.substring(line.lastIndexOf(' ') + 1).trim();
                try {
                    return (long) Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
