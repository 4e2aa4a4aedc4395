namespace EdgeSensors.Fleet.Configs.Delivery;

/// <summary>How a device's reported config compares with its desired one.</summary>
public enum DriftState
{
    /// <summary>No desired config: the server does not manage this device's config.</summary>
    Unmanaged,

    /// <summary>The device applied exactly the desired body.</summary>
    InSync,

    /// <summary>Desired is newer than anything the device reported: delivery or apply in progress, or the device is offline.</summary>
    Pending,

    /// <summary>The device rejected the desired revision; its reason says why, and the old config keeps running.</summary>
    Rejected,

    /// <summary>The device runs something other than the desired body (another hash for the same or a later revision).</summary>
    Drifted,
}
