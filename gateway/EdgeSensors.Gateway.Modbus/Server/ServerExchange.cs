using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>One request a server received and the response PDU its handler writes. Reused per connection.</summary>
public sealed class ServerExchange
{
    /// <summary>The unit the request was addressed to.</summary>
    public byte Unit { get; set; }

    /// <summary>The request, already parsed (valid; malformed requests are answered by the server itself).</summary>
    public ModbusRequest Request { get; } = new();

    /// <summary>Where the handler writes the response PDU (function byte first), for example with ModbusPdu.Write*Response.</summary>
    public byte[] ResponsePdu { get; } = new byte[ModbusLimits.MaxPduLength];

    /// <summary>The length of the PDU the handler wrote.</summary>
    public int ResponseLength { get; set; }
}
