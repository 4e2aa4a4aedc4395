using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Polling;

/// <summary>
/// A bank that answers exception 02 for any read touching one of its holes, like instruments that do not map every
/// address; records every request's range so tests can count what was asked.
/// </summary>
internal sealed class HoleyBank(RegisterBank bank, params ushort[] holes) : IModbusRequestHandler
{
    private readonly List<(ushort Address, ushort Count)> _requests = [];

    public IReadOnlyList<(ushort Address, ushort Count)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public ValueTask<ServerAction> HandleAsync(ServerExchange exchange, CancellationToken ct)
    {
        ModbusRequest request = exchange.Request;
        lock (_requests)
        {
            _requests.Add((request.Address, request.Quantity));
        }

        if (holes.Any(h => h >= request.Address && h < request.Address + request.Quantity))
        {
            exchange.ResponseLength = ModbusPdu.WriteExceptionResponse((byte)request.Function, ExceptionCode.IllegalDataAddress, exchange.ResponsePdu, 0);
            return ValueTask.FromResult(ServerAction.Reply);
        }

        return bank.HandleAsync(exchange, ct);
    }
}
