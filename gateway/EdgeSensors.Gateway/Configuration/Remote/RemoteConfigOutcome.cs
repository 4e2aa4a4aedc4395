namespace EdgeSensors.Gateway.Configuration.Remote;

/// <summary>
/// What the gateway did with one config document: applied it (the config file now holds it, and hot reload switches to
/// it), found it already running (a retained redelivery), or rejected it with <see cref="Reason"/> while the old config
/// keeps running. <see cref="Report"/> is the JSON for {prefix}/{gateway}/config/reported.
/// </summary>
public sealed record RemoteConfigOutcome(bool Applied, bool AlreadyRunning, int Revision, string Sha256, string Reason, byte[] Report);
