/*
 * Reference Modbus TCP server for the throughput benchmark: libmodbus answering from an in-memory mapping.
 * Serves one client at a time, then waits for the next, so the C client and our master can take turns on
 * the same server in one run. Holding and input registers hold their own address so a reader can check values.
 *
 * usage: libmodbus_server [port] (default 1502; port 0 is not supported by libmodbus's listener)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <modbus.h>

#define REGISTER_COUNT 10000

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 1502;
    signal(SIGPIPE, SIG_IGN);

    modbus_t *ctx = modbus_new_tcp("127.0.0.1", port);
    if (ctx == NULL) {
        fprintf(stderr, "modbus_new_tcp failed\n");
        return 1;
    }

    modbus_mapping_t *map = modbus_mapping_new(0, 0, REGISTER_COUNT, REGISTER_COUNT);
    if (map == NULL) {
        fprintf(stderr, "modbus_mapping_new failed: %s\n", modbus_strerror(errno));
        return 1;
    }
    for (int i = 0; i < REGISTER_COUNT; i++) {
        map->tab_registers[i] = (uint16_t)i;
        map->tab_input_registers[i] = (uint16_t)i;
    }

    int listener = modbus_tcp_listen(ctx, 1);
    if (listener < 0) {
        fprintf(stderr, "listen on port %d failed: %s\n", port, modbus_strerror(errno));
        return 1;
    }
    printf("listening on 127.0.0.1:%d\n", port);
    fflush(stdout);

    uint8_t request[MODBUS_TCP_MAX_ADU_LENGTH];
    for (;;) {
        if (modbus_tcp_accept(ctx, &listener) < 0) {
            fprintf(stderr, "accept failed: %s\n", modbus_strerror(errno));
            continue;
        }
        for (;;) {
            int length = modbus_receive(ctx, request);
            if (length > 0) {
                modbus_reply(ctx, request, length, map);
            } else if (length == -1) {
                break; /* client closed or error: go back to accept */
            }
        }
        modbus_close(ctx);
    }
}
