namespace EdgeSensors.Gateway.Configuration.Model;

public enum BusKind
{
    Serial,
    Tcp,
    RtuOverTcp,
}
