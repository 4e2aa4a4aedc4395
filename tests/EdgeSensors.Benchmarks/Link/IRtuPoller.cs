namespace EdgeSensors.Benchmarks.Link;

/// <summary>One master polling one register block over a serial line; the rtu-wire mode times whole polls.</summary>
internal interface IRtuPoller : IAsyncDisposable
{
    string Name { get; }

    /// <summary>One complete poll; true when a valid response came back.</summary>
    Task<bool> PollAsync(CancellationToken ct);
}
