#!/usr/bin/python3
"""Reference Modbus server for the interop suites, built on Debian's python3-pymodbus (3.0.0rc1).

Serves tests/interop/expected-values.json over Modbus TCP and, optionally, Modbus RTU on a serial
device (in the tests, one end of a socat pty pair). Register contents are encoded here with Python's
struct module, independently of our C# RegisterEncoder, so a decoding bug cannot hide behind a
matching encoding bug.

Usage: /usr/bin/python3 pymodbus_server.py --tcp-port 0 [--rtu-device /tmp/x] [--baud 9600]
       [--expected expected-values.json]
Prints "READY tcp=<port> rtu=<device or ->" on stdout once both servers listen, then serves until
killed. --tcp-port 0 picks a free port and reports it in the READY line.

pymodbus 3.0.0rc1 notes (its API differs from 3.6+):
- servers are ModbusTcpServer / ModbusSerialServer from pymodbus.server.async_io, started with
  serve_forever() (TCP) and start() (serial); the serial default framer is ASCII, so RTU is explicit;
- exception 02 comes from a bounded datastore and 04 from a datastore that raises (pymodbus turns
  any datastore error into 04); every other code (01, 03, 05, 06, 08, 0A, 0B) on a well-formed read
  is produced by the server's response_manipulator, which replaces each answer of a dedicated unit
  with an ExceptionResponse. That hook receives the response only (unit, function), so the codes are
  keyed by unit, not by address. A request to an unknown unit is dropped by the framer (no 0B).
"""

import argparse
import asyncio
import json
import logging
import os
import struct
import sys

from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext
from pymodbus.datastore.store import ModbusSequentialDataBlock
from pymodbus.pdu import ExceptionResponse
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer

STRUCT_FORMATS = {
    "UInt16": ">H", "Int16": ">h", "UInt32": ">I", "Int32": ">i", "Float32": ">f",
    "UInt64": ">Q", "Int64": ">q", "Float64": ">d",
}


def encode(value, data_type, order):
    """Registers holding value, bytes A (most significant) .. in the given word order."""
    fmt = STRUCT_FORMATS[data_type]
    raw = struct.pack(fmt, int(value) if "Float" not in data_type else float(value))
    words = [raw[i:i + 2] for i in range(0, len(raw), 2)]
    if order in ("CDAB", "DCBA"):
        words.reverse()
    if order in ("BADC", "DCBA"):
        words = [w[::-1] for w in words]
    return [struct.unpack(">H", w)[0] for w in words]


class FaultyRangeBlock(ModbusSequentialDataBlock):
    """A holding block that fails inside one range, the way a broken instrument would."""

    def __init__(self, values, fault_start, fault_count):
        super().__init__(0, values)
        self.fault_start = fault_start
        self.fault_end = fault_start + fault_count

    def getValues(self, address, count=1):  # noqa: N802 (pymodbus API name)
        if address < self.fault_end and address + count > self.fault_start:
            raise IOError(f"simulated sensor failure at {address}")
        return super().getValues(address, count)


def build_context(expected):
    sizes = expected["sizes"]
    holding = [0] * sizes["holding"]
    for item in expected["holding_values"]:
        regs = encode(item["value"], item["type"], item["order"])
        holding[item["address"]:item["address"] + len(regs)] = regs
    fault = expected["faulty_holding_range"]
    inputs, coils, discretes = expected["input_registers"], expected["coils"], expected["discrete_inputs"]

    def place(size, start, items):
        values = [0] * size
        values[start:start + len(items)] = items
        return values

    data_unit = ModbusSlaveContext(
        hr=FaultyRangeBlock(holding, fault["address"], fault["count"]),
        ir=ModbusSequentialDataBlock(0, place(sizes["input"], inputs["address"], inputs["registers"])),
        co=ModbusSequentialDataBlock(0, place(sizes["coil"], coils["address"], [bool(b) for b in coils["bits"]])),
        di=ModbusSequentialDataBlock(0, place(sizes["discrete"], discretes["address"], [bool(b) for b in discretes["bits"]])),
        zero_mode=True,
    )
    slaves = {expected["unit"]: data_unit}
    manipulated = {}
    for exc in expected["exceptions"]:
        if exc["via"] == "manipulated_unit":
            manipulated[exc["unit"]] = exc["code"]
            # The unit must exist, or the framer drops its requests before the manipulator sees them.
            slaves[exc["unit"]] = ModbusSlaveContext(zero_mode=True)
    return ModbusServerContext(slaves=slaves, single=False), manipulated


def make_manipulator(manipulated):
    def manipulate(response):
        code = manipulated.get(response.unit_id)
        if code is None:
            return response, False
        replaced = ExceptionResponse(response.function_code & 0x7F, code)
        replaced.unit_id = response.unit_id
        replaced.transaction_id = response.transaction_id
        return replaced, False

    return manipulate


async def serve(args):
    with open(args.expected, encoding="utf-8") as handle:
        expected = json.load(handle)
    context, manipulated = build_context(expected)
    manipulator = make_manipulator(manipulated)

    tcp = ModbusTcpServer(context, framer=ModbusSocketFramer, address=(args.host, args.tcp_port),
                          allow_reuse_address=True, response_manipulator=manipulator)
    tasks = [asyncio.create_task(tcp.serve_forever())]
    await asyncio.wait_for(tcp.serving, timeout=10)
    port = tcp.server.sockets[0].getsockname()[1]

    if args.rtu_device:
        rtu = ModbusSerialServer(context, framer=ModbusRtuFramer, port=args.rtu_device, baudrate=args.baud,
                                 bytesize=8, parity="N", stopbits=1, response_manipulator=manipulator)
        await rtu.start()
        if rtu.transport is None:
            raise SystemExit(f"could not open {args.rtu_device}")
        tasks.append(asyncio.create_task(rtu.serve_forever()))

    print(f"READY tcp={port} rtu={args.rtu_device or '-'}", flush=True)
    await asyncio.gather(*tasks)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--tcp-port", type=int, default=0)
    parser.add_argument("--rtu-device")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--expected", default=os.path.join(here, "expected-values.json"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.CRITICAL, stream=sys.stderr)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
