using System;
using System.IO.Ports;
using EdgeSensors.Node.Esp32.Board;
using EdgeSensors.Node.Polling;
using nanoFramework.Hardware.Esp32;

namespace EdgeSensors.Node.Esp32.Rs485;

/// <summary>
/// The RS-485 bus on UART2: SerialPort in SerialMode.RS485, where the UART itself raises RTS (the transceiver's DE/RE)
/// for exactly the bytes it sends, so no managed code times the direction switch. Reads never wait: the core asks only
/// for bytes that have arrived. The write timeout bounds a stuck UART so the watchdog is never starved.
/// </summary>
public sealed class Rs485Line : IRtuLine
{
    /// <summary>Longest a write may take before it is given up, in ms (256 bytes at 1200 baud take about 2.2 s).</summary>
    public const int WriteTimeoutMs = 2500;

    /// <summary>The port's read timeout, in ms; reads ask only for bytes already received, so it is a backstop.</summary>
    public const int ReadTimeoutMs = 50;

    private readonly SerialPort _port;
    private readonly byte[] _discard = new byte[64];

    /// <summary>Opens UART2 at <paramref name="baud"/> with 8 data bits, <paramref name="parity"/> and <paramref name="stopBits"/>.</summary>
    /// <exception cref="System.IO.IOException">COM2 could not be opened (another user of UART2, or pins not assigned).</exception>
    public Rs485Line(int baud, Parity parity, StopBits stopBits)
    {
        Configuration.SetPinFunction(BoardPins.Rs485Rx, DeviceFunction.COM2_RX);
        Configuration.SetPinFunction(BoardPins.Rs485Tx, DeviceFunction.COM2_TX);
        Configuration.SetPinFunction(BoardPins.Rs485DriverEnable, DeviceFunction.COM2_RTS);

        _port = new SerialPort(BoardPins.Rs485Port, baud, parity, 8, stopBits);
        _port.Mode = SerialMode.RS485;
        _port.Handshake = Handshake.None;
        _port.ReadTimeout = ReadTimeoutMs;
        _port.WriteTimeout = WriteTimeoutMs;
        _port.Open();
    }

    /// <summary>Write failures since start (timeouts and port errors), for diagnostics.</summary>
    public int WriteFailures { get; private set; }

    public void DiscardInput()
    {
        try
        {
            int waiting = _port.BytesToRead;
            while (waiting > 0)
            {
                int count = waiting < _discard.Length ? waiting : _discard.Length;
                _port.Read(_discard, 0, count);
                waiting = _port.BytesToRead;
            }
        }
        catch (Exception)
        {
            // Nothing to keep: whatever was there is gone either way, and the next exchange reports its own fault.
        }
    }

    public bool Write(byte[] frame, int offset, int count)
    {
        try
        {
            _port.Write(frame, offset, count);
            return true;
        }
        catch (Exception)
        {
            WriteFailures++;
            return false;
        }
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            int waiting = _port.BytesToRead;
            if (waiting <= 0)
            {
                return 0;
            }

            return _port.Read(buffer, offset, waiting < count ? waiting : count);
        }
        catch (TimeoutException)
        {
            return 0;
        }
    }
}
