package io.certlife.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Everything that is not a certlife event is rejected with a stable reason and a message naming the problem. */
class MalformedEventTest {

    private static final String OK_ENVELOPE = """
            {"specversion":"1.0","id":"1","source":"/certlife/renewal","type":"io.certlife.task.completed.v1",
             "time":"2026-11-22T08:00:00Z","data":%s}""";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty record", "", MalformedEventException.INVALID_JSON, "empty"),
                Arguments.of("truncated JSON", "{\"specversion\":\"1.0\"", MalformedEventException.INVALID_JSON, "not JSON"),
                Arguments.of("JSON array", "[1,2]", MalformedEventException.INVALID_JSON, "not a JSON object"),
                Arguments.of("no specversion", "{\"id\":\"1\"}", MalformedEventException.MISSING_ATTRIBUTE, "specversion"),
                Arguments.of("CloudEvents 0.3", "{\"specversion\":\"0.3\"}", MalformedEventException.UNSUPPORTED_SPEC_VERSION, "0.3"),
                Arguments.of("no id", "{\"specversion\":\"1.0\",\"source\":\"/x\"}", MalformedEventException.MISSING_ATTRIBUTE, "'id'"),
                Arguments.of("unknown type", OK_ENVELOPE.formatted("{}").replace("task.completed", "task.exploded"),
                        MalformedEventException.UNKNOWN_EVENT_TYPE, "io.certlife.task.exploded.v1"),
                Arguments.of("bad time", OK_ENVELOPE.formatted("{\"taskId\":\"t\",\"outcome\":\"DONE\"}")
                        .replace("2026-11-22T08:00:00Z", "yesterday"), MalformedEventException.MISSING_ATTRIBUTE, "yesterday"),
                Arguments.of("no data", OK_ENVELOPE.formatted("null"), MalformedEventException.MISSING_ATTRIBUTE, "data"),
                Arguments.of("data missing a required field", OK_ENVELOPE.formatted("{\"taskId\":\"t\"}"),
                        MalformedEventException.INVALID_DATA, "outcome"),
                Arguments.of("data field of the wrong type", OK_ENVELOPE.formatted("{\"taskId\":\"t\",\"outcome\":{\"a\":1}}"),
                        MalformedEventException.INVALID_DATA, "io.certlife.task.completed.v1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected(String name, String json, String reason, String mentioned) {
        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(mentioned)
                .satisfies(e -> assertThat(((MalformedEventException) e).reason()).isEqualTo(reason));
    }
}
