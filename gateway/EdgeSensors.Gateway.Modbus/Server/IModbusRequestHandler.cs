namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>Answers requests on the server side (simulator, tests). It may await a delay to play a slow unit.</summary>
public interface IModbusRequestHandler
{
    /// <summary>Fills <see cref="ServerExchange.ResponsePdu"/> and says what the server should do with it.</summary>
    ValueTask<ServerAction> HandleAsync(ServerExchange exchange, CancellationToken ct);
}
