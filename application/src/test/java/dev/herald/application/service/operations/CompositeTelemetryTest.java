package dev.herald.application.service.operations;

import dev.herald.application.port.out.Telemetry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link Telemetry} method has an empty default, so a report the composite does not
 * override would reach no sink, silently: each one must be passed on to every sink.
 */
class CompositeTelemetryTest {

    @Test
    void everyReportReachesEverySink() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        CompositeTelemetry composite = new CompositeTelemetry(List.of(recorder(first), recorder(second)));
        List<String> expected = new ArrayList<>();
        for (Method method : Telemetry.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            method.invoke(composite, Arrays.stream(method.getParameterTypes()).map(CompositeTelemetryTest::sample).toArray());
            expected.add(method.getName());
        }
        assertThat(first).containsExactlyElementsOf(expected);
        assertThat(second).containsExactlyElementsOf(expected);
    }

    private static Telemetry recorder(List<String> calls) {
        return (Telemetry) Proxy.newProxyInstance(Telemetry.class.getClassLoader(), new Class<?>[]{Telemetry.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return true;
        }
        return null;
    }
}
