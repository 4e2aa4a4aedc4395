namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>Builds a transport from a URI-like text: "tcp://h:p", "rtu:/dev/x?baud=9600&amp;parity=even&amp;stop=1", "rtu-over-tcp://h:p".</summary>
public static class TransportFactory
{
    public static IModbusTransport Parse(string text) => throw new NotImplementedException();
}
