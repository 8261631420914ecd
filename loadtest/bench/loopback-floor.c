/*
 * The machine's loopback floor without a JVM: what the kernel moves over loopback TCP when every
 * message is its own write(2), with no gateway, framing or parsing in between. The harness'
 * `loopback-floor` command measures the same thing from Java; this one tells whether the JVM
 * adds to it (whatever the Java figure lacks against this one is the JVM's cost).
 *
 * It opens CONNECTIONS TCP pairs on 127.0.0.1 in one process. Two writer threads, each with half
 * of the connections (as a gateway's writers share its two cores), write one 200-byte message to
 * each of theirs per round (what a gateway does for one event with that many subscribers), RATE
 * rounds a second, or back to back when RATE is 0 (blocking writes, so a full socket buffer paces
 * it). A reader thread reads with epoll, as a lean client does. After
 * SECONDS it prints the messages read per second and the process' CPU per message.
 *
 *   gcc -O2 -pthread -o /tmp/loopback-floor loadtest/bench/loopback-floor.c
 *   /tmp/loopback-floor 9000 0 8        # CONNECTIONS RATE SECONDS; needs 2 x CONNECTIONS descriptors
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MESSAGE_BYTES 200
#define WRITERS 2

static int connections;
static double rate;
static int *write_ends;
static int *read_ends;
static volatile int stopping;
static volatile long long bytes_read;

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static void *write_rounds(void *slice) {
    int first = (int) (long) slice * connections / WRITERS;
    int end = ((int) (long) slice + 1) * connections / WRITERS;
    char message[MESSAGE_BYTES];
    memset(message, 'x', sizeof message);
    double start = now_seconds();
    for (long round = 0; !stopping; round++) {
        if (rate > 0) {
            while (now_seconds() < start + round / rate && !stopping) {
                usleep(200);
            }
        }
        for (int i = first; i < end && !stopping; i++) {
            if (write(write_ends[i], message, MESSAGE_BYTES) != MESSAGE_BYTES) {
                perror("write");
                exit(1);
            }
        }
    }
    return NULL;
}

static void *read_all(void *unused) {
    int poller = epoll_create1(0);
    for (int i = 0; i < connections; i++) {
        struct epoll_event interest = {.events = EPOLLIN, .data.fd = read_ends[i]};
        epoll_ctl(poller, EPOLL_CTL_ADD, read_ends[i], &interest);
    }
    struct epoll_event ready[512];
    static char buffer[65536];
    long long total = 0;
    while (!stopping) {
        int n = epoll_wait(poller, ready, 512, 100);
        for (int k = 0; k < n; k++) {
            ssize_t got = read(ready[k].data.fd, buffer, sizeof buffer);
            if (got > 0) {
                total += got;
            }
        }
        bytes_read = total;
    }
    return unused;
}

static void open_pairs(void) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(listener, (struct sockaddr *) &address, sizeof address) || listen(listener, 4096)
            || getsockname(listener, (struct sockaddr *) &address, &length)) {
        perror("listen");
        exit(1);
    }
    for (int i = 0; i < connections; i++) {
        int client = socket(AF_INET, SOCK_STREAM, 0);
        if (client < 0 || connect(client, (struct sockaddr *) &address, sizeof address)) {
            perror("connect (raise ulimit -n?)");
            exit(1);
        }
        int server = accept(listener, NULL, NULL);
        if (server < 0) {
            perror("accept");
            exit(1);
        }
        setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on); /* as a gateway's sockets */
        fcntl(client, F_SETFL, O_NONBLOCK);
        write_ends[i] = server;
        read_ends[i] = client;
    }
    close(listener);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s CONNECTIONS RATE SECONDS (RATE 0: rounds back to back)\n", argv[0]);
        return 2;
    }
    connections = atoi(argv[1]);
    rate = atof(argv[2]);
    int seconds = atoi(argv[3]);
    if (connections < 1 || rate < 0 || seconds < 1) {
        fprintf(stderr, "CONNECTIONS and SECONDS at least 1, RATE at least 0\n");
        return 2;
    }
    write_ends = calloc(connections, sizeof(int));
    read_ends = calloc(connections, sizeof(int));
    open_pairs();

    pthread_t reader, writers[WRITERS];
    pthread_create(&reader, NULL, read_all, NULL);
    usleep(100000);
    double cpu_start = cpu_seconds();
    double start = now_seconds();
    long long read_before = bytes_read;
    for (long w = 0; w < WRITERS; w++) {
        pthread_create(&writers[w], NULL, write_rounds, (void *) w);
    }
    sleep(seconds);
    long long read_after = bytes_read;
    double elapsed = now_seconds() - start;
    double cpu = cpu_seconds() - cpu_start;
    stopping = 1;

    double messages = (read_after - read_before) / (double) MESSAGE_BYTES;
    printf("%d connections, %s rounds/s: %.0f messages/s read, CPU %.0f %%, %.2f us per message (write and read)\n",
           connections, rate > 0 ? argv[2] : "back-to-back", messages / elapsed, cpu / elapsed * 100,
           cpu * 1e6 / messages);
    return 0;
}
