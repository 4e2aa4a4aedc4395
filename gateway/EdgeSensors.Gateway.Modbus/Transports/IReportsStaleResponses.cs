namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// A transport that matches responses to requests (Modbus TCP transaction ids) and discards the ones that do
/// not match. The bus reads this after each exchange to count stale responses per unit.
/// </summary>
public interface IReportsStaleResponses
{
    /// <summary>Responses discarded during the most recent exchange because their transaction id did not match.</summary>
    int StaleResponsesInLastExchange { get; }
}
