package dev.herald.application.port.in;

/**
 * A new connection asks to be admitted. On rejection the client has already been sent its
 * {@code error} frame and close code through the client channel.
 */
public interface ConnectClientUseCase {

    Admission connect(ConnectCommand command);
}
