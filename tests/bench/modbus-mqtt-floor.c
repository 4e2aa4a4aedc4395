/*
 * The Modbus-to-MQTT job of tests/bench/nodered-compare.sh written as tightly as we can in C, to measure the floor
 * of its cost on this machine: no storage, no alarms, no decoding beyond uint16, no threads.
 *
 * One thread does everything. Every poll_ms (absolute deadlines, clock_nanosleep TIMER_ABSTIME) it reads
 * `registers` holding registers (FC 3, one request) from each of `units` units with libmodbus, over one TCP
 * connection for all units (one) or one connection per unit (per-device), and publishes each answer as one
 * telemetry batch (docs/telemetry.md: {"schema":1,"source":..,"backfill":false,"readings":[{"tag":"block-U/tNNN",
 * "value":V,"unit":"m","quality":"good","time_ms":T,"seq":"S"},..]}) with QoS 1 through libmosquitto, driven in this
 * same thread (no mosquitto_loop_start): mosquitto_publish writes the packet to the socket at once when no network
 * thread runs, and mosquitto_loop(timeout 0) after each poll cycle reads the PUBACKs. A publish counts as delivered
 * only when its PUBACK arrived; the ones still waiting are reported (unacked now and the most seen at once).
 * System calls per poll seen with strace -c (libmodbus 3.1.6, libmosquitto 2.0.11): 1 sendto + 3 recvfrom + ~2 select
 * (the request), 1 write (the publish) + 1 write to libmosquitto's internal wake-up socket pair (it does that for every
 * publish, threaded or not; once the pair is full the write fails with EAGAIN), ~3 reads per PUBACK (libmosquitto
 * reads a packet's type, length and body separately); plus one select and one clock_nanosleep per cycle.
 *
 * Modbus "sequential" (the default) reads each unit with modbus_read_registers: one request in flight at a time.
 * "pipelined" first sends every unit's request of the cycle (modbus_send_raw_request, all connections), then reads the
 * answers in order (modbus_receive_confirmation), so the waits for the server overlap and fewer of them put the
 * thread to sleep; that is the cheapest way to drive a Modbus TCP server we know with libmodbus.
 *
 * readings-per-message (default: registers, one batch per poll, as the Node-RED flow) up to 500 (the contract's limit,
 * the gateway forwarder's batch size) packs the answers of several units of a cycle into one batch (never waiting for
 * the next cycle), to see how much of the floor is the cost per MQTT message.
 *
 * Runs until SIGTERM or SIGINT, then prints one line of counters and its own user/system CPU to stdout.
 * usage: modbus-mqtt-floor <modbus-host> <modbus-port> <units> <registers> <poll-ms> <one|per-device>
 *                          <mqtt-host> <mqtt-port> <topic> <source> [sequential|pipelined]
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <modbus.h>
#include <mosquitto.h>

#define MAX_UNITS 247     /* Modbus unit ids 1-247 */
#define MAX_REGISTERS 125 /* FC 3 reads at most 125 registers */
#define MAX_READINGS_PER_MESSAGE 500 /* the telemetry contract's limit per batch */

static volatile sig_atomic_t stop_requested;

/* Publish bookkeeping, updated by libmosquitto's callbacks (which run inside mosquitto_loop, in this thread). */
static struct {
    int connected;            /* CONNACK accepted and no disconnect since */
    int connect_result;       /* last CONNACK code, -1 before one */
    uint64_t published;       /* batches handed to mosquitto_publish successfully */
    uint64_t acknowledged;    /* PUBACKs received */
    uint64_t most_unacked;    /* largest published - acknowledged seen after a poll cycle */
    int publish_failed;       /* mosquitto_publish refused a batch (reported on stderr) */
} mqtt = { 0, -1, 0, 0, 0, 0 };

static void on_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static void on_connect(struct mosquitto *client, void *context, int result)
{
    (void)client;
    (void)context;
    mqtt.connect_result = result;
    mqtt.connected = result == 0;
}

static void on_disconnect(struct mosquitto *client, void *context, int result)
{
    (void)client;
    (void)context;
    (void)result;
    mqtt.connected = 0;
}

static void on_publish(struct mosquitto *client, void *context, int message_id)
{
    (void)client;
    (void)context;
    (void)message_id;
    mqtt.acknowledged++;
}

/* Writes the decimal digits of value at out; returns the number of characters written (no terminator). */
static size_t format_u64(char *out, uint64_t value)
{
    char digits[20];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (size_t i = 0; i < count; i++)
        out[i] = digits[count - 1 - i];
    return count;
}

static void append(char **cursor, const char *text, size_t length)
{
    memcpy(*cursor, text, length);
    *cursor += length;
}

static uint64_t wall_clock_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

static void timespec_add_ms(struct timespec *time, long milliseconds)
{
    time->tv_sec += milliseconds / 1000;
    time->tv_nsec += (milliseconds % 1000) * 1000000L;
    if (time->tv_nsec >= 1000000000L) {
        time->tv_sec++;
        time->tv_nsec -= 1000000000L;
    }
}

static int timespec_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Reads the answer to a raw FC 3 request sent earlier (pipelined mode) into values; -1 with errno set on failure. */
static int receive_registers(modbus_t *connection, int unit_id, int registers, uint16_t *values)
{
    uint8_t answer[MODBUS_TCP_MAX_ADU_LENGTH];
    int length = modbus_receive_confirmation(connection, answer);
    if (length < 0)
        return -1;
    /* MBAP header (transaction 2, protocol 2, length 2, unit 1), function code, byte count, registers big-endian.
       The server answers a connection's requests in order, so the unit id tells a lost or reordered answer. */
    if (length != 9 + 2 * registers || answer[6] != unit_id || answer[7] != 0x03 || answer[8] != 2 * registers) {
        errno = EMBBADDATA;
        return -1;
    }
    for (int r = 0; r < registers; r++)
        values[r] = (uint16_t)(answer[9 + 2 * r] << 8 | answer[10 + 2 * r]);
    return registers;
}

/* Closes the batch being built at batch..*cursor, publishes it QoS 1 and starts the next one empty. */
static int publish_batch(struct mosquitto *client, const char *topic, char *batch, char **cursor, int *batch_readings)
{
    *(*cursor)++ = ']';
    *(*cursor)++ = '}';
    int rc = mosquitto_publish(client, NULL, topic, (int)(*cursor - batch), batch, 1, false);
    *cursor = batch;
    *batch_readings = 0;
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "modbus-mqtt-floor: publish to %s failed: %s\n", topic, mosquitto_strerror(rc));
        mqtt.publish_failed = 1;
        return -1;
    }
    mqtt.published++;
    return 0;
}

static int connect_modbus(modbus_t *connection, const char *host, int port)
{
    if (modbus_connect(connection) != 0) {
        fprintf(stderr, "modbus-mqtt-floor: cannot connect to the Modbus server %s:%d: %s (is changing-serve running?)\n",
            host, port, modbus_strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 11 || argc > 13) {
        fprintf(stderr, "usage: %s modbus-host modbus-port units registers poll-ms one|per-device"
                        " mqtt-host mqtt-port topic source [sequential|pipelined [readings-per-message]]\n", argv[0]);
        return 2;
    }
    const char *modbus_host = argv[1];
    int modbus_port = atoi(argv[2]);
    int units = atoi(argv[3]);
    int registers = atoi(argv[4]);
    long poll_ms = atol(argv[5]);
    int per_device = strcmp(argv[6], "per-device") == 0;
    const char *mqtt_host = argv[7];
    int mqtt_port = atoi(argv[8]);
    const char *topic = argv[9];
    const char *source = argv[10];
    const char *modbus_mode = argc >= 12 ? argv[11] : "sequential";
    int readings_per_message = argc >= 13 ? atoi(argv[12]) : registers;
    int pipelined = strcmp(modbus_mode, "pipelined") == 0;
    if (units < 1 || units > MAX_UNITS || registers < 1 || registers > MAX_REGISTERS || poll_ms < 1
        || (!per_device && strcmp(argv[6], "one") != 0) || (!pipelined && strcmp(modbus_mode, "sequential") != 0)
        || readings_per_message < registers || readings_per_message > MAX_READINGS_PER_MESSAGE) {
        fprintf(stderr, "modbus-mqtt-floor: units must be 1-%d, registers 1-%d, poll-ms >= 1, buses 'one' or"
                        " 'per-device', the mode 'sequential' or 'pipelined' and readings-per-message from registers"
                        " to %d (got %s %s %s %s %s %d)\n",
            MAX_UNITS, MAX_REGISTERS, MAX_READINGS_PER_MESSAGE, argv[3], argv[4], argv[5], argv[6], modbus_mode,
            readings_per_message);
        return 2;
    }

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    /* Modbus: one connection, or one per unit. */
    int connection_count = per_device ? units : 1;
    modbus_t *connections[MAX_UNITS];
    for (int c = 0; c < connection_count; c++) {
        connections[c] = modbus_new_tcp(modbus_host, modbus_port);
        if (connections[c] == NULL) {
            fprintf(stderr, "modbus-mqtt-floor: modbus_new_tcp(%s, %d) failed: %s\n",
                modbus_host, modbus_port, modbus_strerror(errno));
            return 1;
        }
        modbus_set_response_timeout(connections[c], 1, 0);
        if (per_device)
            modbus_set_slave(connections[c], c + 1);
        if (connect_modbus(connections[c], modbus_host, modbus_port) != 0)
            return 1;
    }

    /* MQTT 3.1.1, clean session, as Node-RED's mqtt-broker node in the same benchmark. */
    mosquitto_lib_init();
    char client_id[64];
    snprintf(client_id, sizeof client_id, "bench-c-floor-%ld", (long)getpid());
    struct mosquitto *client = mosquitto_new(client_id, true, NULL);
    if (client == NULL) {
        fprintf(stderr, "modbus-mqtt-floor: mosquitto_new failed: %s\n", strerror(errno));
        return 1;
    }
    mosquitto_connect_callback_set(client, on_connect);
    mosquitto_disconnect_callback_set(client, on_disconnect);
    mosquitto_publish_callback_set(client, on_publish);
    /* No cap on QoS 1 messages in flight (default 20): a cycle publishes one batch per unit before reading PUBACKs;
       with the cap the rest would wait in libmosquitto's queue until the next mosquitto_loop call. */
    mosquitto_max_inflight_messages_set(client, 0);
    mosquitto_int_option(client, MOSQ_OPT_TCP_NODELAY, 1);
    int rc = mosquitto_connect(client, mqtt_host, mqtt_port, 60);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "modbus-mqtt-floor: cannot connect to the MQTT broker %s:%d: %s\n",
            mqtt_host, mqtt_port, mosquitto_strerror(rc));
        return 1;
    }
    for (int i = 0; i < 100 && !mqtt.connected && mqtt.connect_result < 0; i++)
        mosquitto_loop(client, 100, 1);
    if (!mqtt.connected) {
        fprintf(stderr, "modbus-mqtt-floor: the MQTT broker %s:%d did not accept the connection (CONNACK %d: %s)\n",
            mqtt_host, mqtt_port, mqtt.connect_result,
            mqtt.connect_result < 0 ? "none within 10 s" : mosquitto_connack_string(mqtt.connect_result));
        return 1;
    }

    /* The constant text of each reading, built once: `{"tag":"block-U` per unit, `/tNNN","value":` per register. */
    static char unit_prefix[MAX_UNITS][32];
    static size_t unit_prefix_length[MAX_UNITS];
    static char register_prefix[MAX_REGISTERS][24];
    static size_t register_prefix_length[MAX_REGISTERS];
    for (int u = 0; u < units; u++)
        unit_prefix_length[u] = (size_t)snprintf(unit_prefix[u], sizeof unit_prefix[u], "{\"tag\":\"block-%d", u + 1);
    for (int r = 0; r < registers; r++)
        register_prefix_length[r] =
            (size_t)snprintf(register_prefix[r], sizeof register_prefix[r], "/t%03d\",\"value\":", r);
    char batch_prefix[160];
    size_t batch_prefix_length = (size_t)snprintf(batch_prefix, sizeof batch_prefix,
        "{\"schema\":1,\"source\":\"%s\",\"backfill\":false,\"readings\":[", source);
    static const char after_value[] = ",\"unit\":\"m\",\"quality\":\"good\",\"time_ms\":";
    static const char before_seq[] = ",\"seq\":\"";
    /* A reading is at most ~130 bytes (5-digit value, 16-digit time, 20-digit seq); 200 leaves room. */
    static char batch[256 + MAX_READINGS_PER_MESSAGE * 200];
    char *cursor = batch;
    int batch_readings = 0;

    uint16_t values[MAX_REGISTERS];
    uint64_t seq = 0, polls = 0, poll_errors = 0, readings = 0, late_cycles = 0, skipped_cycles = 0;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    int exit_code = 0;
    int sent[MAX_UNITS];   /* pipelined: this cycle's request of the unit went out */
    int broken[MAX_UNITS] = { 0 }; /* pipelined: the connection failed this cycle; the rest of its answers are not read */
    while (!stop_requested) {
        if (pipelined) {
            for (int u = 0; u < units; u++) {
                uint8_t request[6] = { (uint8_t)(u + 1), 0x03, 0, 0, (uint8_t)(registers >> 8), (uint8_t)registers };
                sent[u] = modbus_send_raw_request(connections[per_device ? u : 0], request, sizeof request) > 0;
            }
            memset(broken, 0, sizeof broken);
        }
        for (int u = 0; u < units && !stop_requested; u++) {
            int c = per_device ? u : 0;
            modbus_t *connection = connections[c];
            polls++;
            int answered;
            if (pipelined) {
                if (!sent[u])
                    errno = EPIPE; /* the request could not be written: reconnect */
                answered = sent[u] && !broken[c] && receive_registers(connection, u + 1, registers, values) == registers;
            } else {
                if (!per_device)
                    modbus_set_slave(connection, u + 1);
                answered = modbus_read_registers(connection, 0, registers, values) == registers;
            }
            if (!answered) {
                int error = errno;
                poll_errors++;
                if (poll_errors <= 5)
                    fprintf(stderr, "modbus-mqtt-floor: unit %d, holding registers 0-%d: %s\n",
                        u + 1, registers - 1, modbus_strerror(error));
                if (!broken[c] && (error == ECONNRESET || error == EPIPE || error == EBADF || error == ETIMEDOUT)) {
                    /* reconnect: a timed-out answer may still arrive and be taken for the next one */
                    broken[c] = pipelined;
                    modbus_close(connection);
                    if (connect_modbus(connection, modbus_host, modbus_port) != 0)
                        sleep(1);
                }
                continue;
            }
            if (batch_readings > 0 && batch_readings + registers > readings_per_message
                && publish_batch(client, topic, batch, &cursor, &batch_readings) != 0)
                break;
            char time_text[24];
            size_t time_length = format_u64(time_text, wall_clock_ms());
            if (batch_readings == 0)
                append(&cursor, batch_prefix, batch_prefix_length);
            for (int r = 0; r < registers; r++) {
                if (batch_readings++ > 0)
                    *cursor++ = ',';
                append(&cursor, unit_prefix[u], unit_prefix_length[u]);
                append(&cursor, register_prefix[r], register_prefix_length[r]);
                cursor += format_u64(cursor, values[r]);
                append(&cursor, after_value, sizeof after_value - 1);
                append(&cursor, time_text, time_length);
                append(&cursor, before_seq, sizeof before_seq - 1);
                cursor += format_u64(cursor, ++seq);
                *cursor++ = '"';
                *cursor++ = '}';
            }
            readings += (uint64_t)registers;
        }
        if (batch_readings > 0)
            publish_batch(client, topic, batch, &cursor, &batch_readings);
        if (mqtt.publish_failed) {
            exit_code = 1;
            break;
        }
        /* PUBACKs, keep-alive and any part of a packet the socket did not take. */
        rc = mosquitto_loop(client, 0, 1);
        if (rc != MOSQ_ERR_SUCCESS || !mqtt.connected) {
            fprintf(stderr, "modbus-mqtt-floor: lost the MQTT broker %s:%d: %s\n",
                mqtt_host, mqtt_port, mosquitto_strerror(rc));
            exit_code = 1;
            break;
        }
        if (mqtt.published - mqtt.acknowledged > mqtt.most_unacked)
            mqtt.most_unacked = mqtt.published - mqtt.acknowledged;

        timespec_add_ms(&deadline, poll_ms);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (timespec_before(&deadline, &now)) {
            /* The cycle overran its period: start the next one now, and drop the periods missed entirely. */
            late_cycles++;
            struct timespec next = deadline;
            timespec_add_ms(&next, poll_ms);
            while (timespec_before(&next, &now)) {
                skipped_cycles++;
                deadline = next;
                timespec_add_ms(&next, poll_ms);
            }
            continue;
        }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR && !stop_requested) {
        }
    }

    /* Give the last PUBACKs a moment, so the unacked count at exit means "not acknowledged", not "just sent". */
    struct timespec give_up;
    clock_gettime(CLOCK_MONOTONIC, &give_up);
    timespec_add_ms(&give_up, 1000);
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!mqtt.connected || mqtt.acknowledged >= mqtt.published || timespec_before(&give_up, &now))
            break;
        mosquitto_loop(client, 10, 1);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("polls: %llu poll_errors: %llu readings_published: %llu batches_published: %llu batches_acknowledged: %llu "
           "unacked_at_exit: %llu most_unacked: %llu publish_failed: %d late_cycles: %llu skipped_cycles: %llu "
           "user_s: %.3f system_s: %.3f\n",
        (unsigned long long)polls, (unsigned long long)poll_errors, (unsigned long long)readings,
        (unsigned long long)mqtt.published, (unsigned long long)mqtt.acknowledged,
        (unsigned long long)(mqtt.published - mqtt.acknowledged), (unsigned long long)mqtt.most_unacked,
        mqtt.publish_failed, (unsigned long long)late_cycles, (unsigned long long)skipped_cycles,
        (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6,
        (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6);
    fflush(stdout);

    mosquitto_disconnect(client);
    mosquitto_destroy(client);
    mosquitto_lib_cleanup();
    for (int c = 0; c < connection_count; c++) {
        modbus_close(connections[c]);
        modbus_free(connections[c]);
    }
    return exit_code;
}
