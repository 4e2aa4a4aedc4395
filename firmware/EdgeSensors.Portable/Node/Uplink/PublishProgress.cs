namespace EdgeSensors.Node.Uplink;

/// <summary>The state of the last publish on an <see cref="IMqttLink"/>.</summary>
public enum PublishProgress
{
    /// <summary>Nothing was published yet.</summary>
    Idle,

    /// <summary>Sent, waiting for the broker's acknowledgement.</summary>
    Pending,

    /// <summary>The broker acknowledged it (PUBACK): it may be forgotten.</summary>
    Delivered,

    /// <summary>It did not reach the broker (connection lost, refused); it stays buffered and is sent again.</summary>
    Failed,
}
