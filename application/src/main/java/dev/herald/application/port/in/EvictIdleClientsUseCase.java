package dev.herald.application.port.in;

/** Closes every client that sent nothing for the idle timeout ({@code IDLE_TIMEOUT}, 4408). */
public interface EvictIdleClientsUseCase {

    /** @return how many clients were evicted */
    int evictIdle();
}
