package dev.herald.adapter.websocket.connection;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.RequestId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class InboundRequestParserTest {

    private final InboundRequestParser parser = new InboundRequestParser();

    private InboundRequest.Invalid invalid(String text) {
        InboundRequest request = parser.parse(text);
        assertThat(request).isInstanceOf(InboundRequest.Invalid.class);
        InboundRequest.Invalid invalid = (InboundRequest.Invalid) request;
        assertThat(invalid.rejection().code()).isEqualTo(ErrorCode.BAD_REQUEST);
        return invalid;
    }

    @Test
    void readsTheThreeRequestTypes() {
        assertThat(parser.parse("{\"type\":\"subscribe\",\"jobId\":\"job-1\",\"afterSeq\":12,\"id\":\"r1\"}"))
                .isEqualTo(new InboundRequest.Subscribe(JobId.of("job-1"), OptionalLong.of(12),
                        Optional.of(new RequestId("r1"))));
        assertThat(parser.parse("{\"type\":\"subscribe\",\"jobId\":\"job-1\"}"))
                .isEqualTo(new InboundRequest.Subscribe(JobId.of("job-1"), OptionalLong.empty(), Optional.empty()));
        assertThat(parser.parse("{\"type\":\"subscribe\",\"jobId\":\"job-1\",\"afterSeq\":null}"))
                .isEqualTo(new InboundRequest.Subscribe(JobId.of("job-1"), OptionalLong.empty(), Optional.empty()));
        assertThat(parser.parse("{\"jobId\":\"a:b.c_d-e\",\"type\":\"unsubscribe\",\"id\":\"x\"}"))
                .isEqualTo(new InboundRequest.Unsubscribe(JobId.of("a:b.c_d-e"), Optional.of(new RequestId("x"))));
        assertThat(parser.parse("{\"type\":\"ping\"}")).isEqualTo(new InboundRequest.Ping(Optional.empty()));
    }

    @Test
    void parsesPresence() {
        assertThat(parser.parse("{\"type\":\"presence\",\"jobId\":\"chat:lobby\",\"id\":\"q\"}"))
                .isEqualTo(new InboundRequest.Presence(JobId.of("chat:lobby"), Optional.of(new RequestId("q"))));
        assertThat(parser.parse("{\"type\":\"presence\"}")).isInstanceOfSatisfying(InboundRequest.Invalid.class,
                invalid -> assertThat(invalid.rejection().code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void readsAPublishWithAnyJsonPayload() {
        assertThat(parser.parse("{\"type\":\"publish\",\"jobId\":\"chat:lobby\",\"eventType\":\"chat.message\","
                + "\"payload\":{\"ciphertext\":\"q83v\",\"n\":[1,2]},\"id\":\"p1\"}"))
                .isEqualTo(new InboundRequest.Publish(JobId.of("chat:lobby"), EventType.of("chat.message"),
                        "{\"ciphertext\":\"q83v\",\"n\":[1,2]}", Optional.of(new RequestId("p1"))));
        assertThat(parser.parse("{\"type\":\"publish\",\"jobId\":\"g:1\",\"eventType\":\"t\",\"payload\":null}"))
                .isEqualTo(new InboundRequest.Publish(JobId.of("g:1"), EventType.of("t"), "null", Optional.empty()));
        assertThat(((InboundRequest.Publish) parser.parse("{\"type\":\"publish\",\"jobId\":\"g:1\",\"eventType\":\"t\","
                + "\"payload\":\"secret text\"}")).toString()).doesNotContain("secret");
    }

    @Test
    void aPublishWithoutAValidEventTypeOrAPayloadIsABadRequestThatEchoesJobAndId() {
        InboundRequest.Invalid noPayload = invalid("{\"type\":\"publish\",\"jobId\":\"g:1\",\"eventType\":\"t\",\"id\":\"i\"}");
        assertThat(noPayload.rejection().message()).contains("\"payload\" is required");
        assertThat(noPayload.jobId()).contains(JobId.of("g:1"));
        assertThat(noPayload.requestId()).contains(new RequestId("i"));
        assertThat(invalid("{\"type\":\"publish\",\"jobId\":\"g:1\",\"payload\":1}").rejection().message())
                .contains("\"eventType\" is required");
        assertThat(invalid("{\"type\":\"publish\",\"jobId\":\"g:1\",\"eventType\":\"bad type\",\"payload\":1}")
                .rejection().message()).contains("eventType");
        assertThat(invalid("{\"type\":\"publish\",\"eventType\":\"t\",\"payload\":1}").rejection().message())
                .contains("\"jobId\" is required");
    }

    @Test
    void readsARefreshWithItsTokenAndId() {
        assertThat(parser.parse("{\"type\":\"refresh\",\"token\":\"a.b.c\",\"id\":\"r1\"}"))
                .isEqualTo(new InboundRequest.Refresh(Credentials.bearer("a.b.c"), Optional.of(new RequestId("r1"))));
        assertThat(parser.parse("{\"type\":\"refresh\",\"token\":\"a.b.c\"}"))
                .isEqualTo(new InboundRequest.Refresh(Credentials.bearer("a.b.c"), Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"refresh\",\"id\":\"r\"}",
            "{\"type\":\"refresh\",\"token\":\"\",\"id\":\"r\"}",
            "{\"type\":\"refresh\",\"token\":\"  \",\"id\":\"r\"}",
            "{\"type\":\"refresh\",\"token\":null,\"id\":\"r\"}",
            "{\"type\":\"refresh\",\"token\":42,\"id\":\"r\"}",
            "{\"type\":\"refresh\",\"token\":[\"a\"],\"id\":\"r\"}"})
    void aRefreshWithoutATokenStringIsABadRequestThatEchoesTheId(String text) {
        InboundRequest.Invalid invalid = invalid(text);
        assertThat(invalid.rejection().message()).contains("\"token\" is required");
        assertThat(invalid.requestId()).contains(new RequestId("r"));
    }

    @Test
    void aParsedRefreshNeverShowsItsToken() {
        assertThat(parser.parse("{\"type\":\"refresh\",\"token\":\"secret-token-text\"}").toString())
                .doesNotContain("secret-token-text");
    }

    @Test
    void ignoresUnknownFields() {
        assertThat(parser.parse("{\"type\":\"ping\",\"id\":\"p\",\"extra\":{\"deep\":[1,2,3]}}"))
                .isEqualTo(new InboundRequest.Ping(Optional.of(new RequestId("p"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "{\"type\":\"ping\"", "[1,2]", "\"ping\"", "42", "null",
            "{\"type\":\"ping\"}}", "{'type':'ping'}"})
    void malformedOrNonObjectJsonIsABadRequest(String text) {
        assertThat(invalid(text).requestId()).isEmpty();
    }

    @Test
    void unknownOrMissingTypeIsABadRequestThatEchoesTheId() {
        InboundRequest.Invalid unknown = invalid("{\"type\":\"shout\",\"id\":\"abc\"}");
        assertThat(unknown.requestId()).contains(new RequestId("abc"));
        assertThat(unknown.rejection().message()).contains("Unknown type \"shout\"");
        assertThat(invalid("{\"id\":\"abc\"}").rejection().message()).contains("\"type\" is required");
        assertThat(invalid("{\"type\":7}").rejection().message()).contains("\"type\"");
    }

    @Test
    void theEchoOfAnUnknownTypeIsShortAndPrintable() {
        String message = invalid("{\"type\":\"" + "\\u0000\\u001b[2J" + "x".repeat(500) + "\"}").rejection().message();
        assertThat(message).hasSizeLessThan(120).doesNotContain("\u0000").doesNotContain("\u001b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"subscribe\"}",
            "{\"type\":\"subscribe\",\"jobId\":\"\"}",
            "{\"type\":\"subscribe\",\"jobId\":\"has space\"}",
            "{\"type\":\"subscribe\",\"jobId\":\"a/b\"}",
            "{\"type\":\"subscribe\",\"jobId\":\"\\u0000\"}",
            "{\"type\":\"subscribe\",\"jobId\":42}",
            "{\"type\":\"unsubscribe\",\"jobId\":null}"})
    void aMissingOrInvalidJobIdIsABadRequest(String text) {
        invalid(text);
    }

    @Test
    void aTooLongJobIdIsABadRequest() {
        assertThat(parser.parse("{\"type\":\"subscribe\",\"jobId\":\"" + "a".repeat(128) + "\"}"))
                .isInstanceOf(InboundRequest.Subscribe.class);
        invalid("{\"type\":\"subscribe\",\"jobId\":\"" + "a".repeat(129) + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"3\"", "true", "1e400", "99999999999999999999999", "[]", "{}"})
    void anInvalidAfterSeqIsABadRequestThatEchoesJobAndId(String afterSeq) {
        InboundRequest.Invalid invalid = invalid("{\"type\":\"subscribe\",\"jobId\":\"j\",\"id\":\"i\",\"afterSeq\":"
                + afterSeq + "}");
        assertThat(invalid.jobId()).contains(JobId.of("j"));
        assertThat(invalid.requestId()).contains(new RequestId("i"));
    }

    @Test
    void anInvalidIdIsABadRequest() {
        invalid("{\"type\":\"ping\",\"id\":5}");
        invalid("{\"type\":\"ping\",\"id\":\"" + "x".repeat(65) + "\"}");
        assertThat(parser.parse("{\"type\":\"ping\",\"id\":\"" + "x".repeat(64) + "\"}"))
                .isInstanceOf(InboundRequest.Ping.class);
    }

    @Test
    void deepNestingIsABadRequestNotACrash() {
        String deep = "{\"type\":\"ping\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        invalid(deep);
    }
}
