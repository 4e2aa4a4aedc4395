/*
 * A tiny libmodbus master: reads COUNT registers or bits and prints "ADDRESS VALUE" lines.
 * The interop suite uses it to check that a third-party master reads exactly what our server serves;
 * the benchmarks reuse it (with --repeat) as a reference client.
 *
 *   modbus_client tcp HOST PORT UNIT TABLE ADDRESS COUNT [--repeat N]
 *   modbus_client rtu DEVICE BAUD UNIT TABLE ADDRESS COUNT [--repeat N]
 *
 * TABLE is holding | input | coil | discrete. ADDRESS is the 0-based protocol address.
 * Exit codes: 0 ok, 2 usage, 3 cannot connect, 4 Modbus error. On a Modbus exception response it
 * prints "exception N" (N the decimal code) on stdout so callers can check the code itself.
 * With --repeat N it reads N times, prints the last values, and "reads=N seconds=S" on stderr.
 *
 * Build: gcc -O2 -Wall -Wextra -Werror -o modbus_client modbus_client.c $(pkg-config --cflags --libs libmodbus)
 */
#include <errno.h>
#include <modbus.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum table { HOLDING, INPUT, COIL, DISCRETE };

static int usage(void)
{
    fprintf(stderr,
            "usage: modbus_client tcp HOST PORT UNIT TABLE ADDRESS COUNT [--repeat N]\n"
            "       modbus_client rtu DEVICE BAUD UNIT TABLE ADDRESS COUNT [--repeat N]\n"
            "TABLE: holding | input | coil | discrete; ADDRESS is 0-based\n");
    return 2;
}

static int parse_table(const char *text, enum table *table)
{
    if (strcmp(text, "holding") == 0) { *table = HOLDING; return 0; }
    if (strcmp(text, "input") == 0) { *table = INPUT; return 0; }
    if (strcmp(text, "coil") == 0) { *table = COIL; return 0; }
    if (strcmp(text, "discrete") == 0) { *table = DISCRETE; return 0; }
    return -1;
}

static int read_once(modbus_t *ctx, enum table table, int address, int count, uint16_t *regs, uint8_t *bits)
{
    switch (table) {
    case HOLDING: return modbus_read_registers(ctx, address, count, regs);
    case INPUT: return modbus_read_input_registers(ctx, address, count, regs);
    case COIL: return modbus_read_bits(ctx, address, count, bits);
    default: return modbus_read_input_bits(ctx, address, count, bits);
    }
}

int main(int argc, char **argv)
{
    if (argc != 8 && argc != 10) {
        return usage();
    }

    long repeat = 1;
    if (argc == 10) {
        if (strcmp(argv[8], "--repeat") != 0 || (repeat = strtol(argv[9], NULL, 10)) < 1) {
            return usage();
        }
    }

    enum table table;
    int unit = atoi(argv[4]);
    int address = atoi(argv[6]);
    int count = atoi(argv[7]);
    if (parse_table(argv[5], &table) != 0 || count < 1 || count > MODBUS_MAX_READ_BITS || address < 0) {
        return usage();
    }

    modbus_t *ctx;
    if (strcmp(argv[1], "tcp") == 0) {
        ctx = modbus_new_tcp(argv[2], atoi(argv[3]));
    } else if (strcmp(argv[1], "rtu") == 0) {
        ctx = modbus_new_rtu(argv[2], atoi(argv[3]), 'N', 8, 1);
    } else {
        return usage();
    }

    if (ctx == NULL || modbus_set_slave(ctx, unit) != 0 || modbus_connect(ctx) != 0) {
        fprintf(stderr, "cannot connect to %s: %s\n", argv[2], modbus_strerror(errno));
        if (ctx != NULL) {
            modbus_free(ctx);
        }
        return 3;
    }

    modbus_set_response_timeout(ctx, 2, 0);
    static uint16_t regs[MODBUS_MAX_READ_REGISTERS];
    static uint8_t bits[MODBUS_MAX_READ_BITS];
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = 0;
    for (long i = 0; i < repeat && status >= 0; i++) {
        status = read_once(ctx, table, address, count, regs, bits);
    }

    clock_gettime(CLOCK_MONOTONIC, &end);
    int result = 0;
    if (status < 0) {
        int code = errno - MODBUS_ENOBASE;
        if (code >= 1 && code <= 0x0B) {
            printf("exception %d\n", code);
        }

        fprintf(stderr, "read failed: %s\n", modbus_strerror(errno));
        result = 4;
    } else {
        for (int i = 0; i < status; i++) {
            printf("%d %u\n", address + i, (table == HOLDING || table == INPUT) ? (unsigned)regs[i] : (unsigned)bits[i]);
        }

        if (repeat > 1) {
            double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
            fprintf(stderr, "reads=%ld seconds=%.6f\n", repeat, seconds);
        }
    }

    modbus_close(ctx);
    modbus_free(ctx);
    return result;
}
