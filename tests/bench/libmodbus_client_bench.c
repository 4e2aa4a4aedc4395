/*
 * Reference Modbus TCP client for the throughput benchmark: N sequential modbus_read_registers calls
 * (one request in flight, like our ModbusBus), then one line "requests/s: <rate>" plus details.
 *
 * usage: libmodbus_client_bench <host> <port> <count> <registers>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <modbus.h>

/* User + system CPU time of this process, in seconds. */
static double cpu_seconds(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6
        + (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s host port count registers\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    long count = atol(argv[3]);
    int registers = atoi(argv[4]);
    if (count < 1 || registers < 1 || registers > MODBUS_MAX_READ_REGISTERS) {
        fprintf(stderr, "count must be >= 1 and registers 1..125\n");
        return 2;
    }

    modbus_t *ctx = modbus_new_tcp(host, port);
    if (ctx == NULL || modbus_connect(ctx) == -1) {
        fprintf(stderr, "connect to %s:%d failed: %s\n", host, port, modbus_strerror(errno));
        return 1;
    }
    modbus_set_slave(ctx, 1);

    uint16_t values[MODBUS_MAX_READ_REGISTERS];
    long failures = 0;
    /* A short warm-up so connection setup is not timed. */
    for (int i = 0; i < 100; i++) {
        modbus_read_registers(ctx, 0, registers, values);
    }

    double cpu_start = cpu_seconds();
    double start = now_seconds();
    for (long i = 0; i < count; i++) {
        if (modbus_read_registers(ctx, 0, registers, values) != registers) {
            failures++;
        }
    }
    double elapsed = now_seconds() - start;
    double cpu = cpu_seconds() - cpu_start;

    if (values[registers - 1] != (uint16_t)(registers - 1)) {
        fprintf(stderr, "unexpected value %u in register %d\n", values[registers - 1], registers - 1);
        failures++;
    }

    printf("requests/s: %.0f\n", (double)count / elapsed);
    printf("client: libmodbus, requests: %ld, registers: %d, seconds: %.3f, failures: %ld, client cpu/request: %.1f us\n",
           count, registers, elapsed, failures, cpu * 1e6 / (double)count);
    modbus_close(ctx);
    modbus_free(ctx);
    return failures == 0 ? 0 : 1;
}
