namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// The timeout of one exchange at a time, linked to the caller's token. One per transport, re-armed for each wait
/// instead of allocating a linked CancellationTokenSource and its timer per request; replaced only after it fired.
/// </summary>
internal sealed class ExchangeDeadline : IDisposable
{
    private CancellationTokenSource _timeout = new();
    private CancellationTokenRegistration _link;

    /// <summary>Returns a token cancelled after <paramref name="after"/> or when <paramref name="outer"/> is.</summary>
    public CancellationToken Arm(TimeSpan after, CancellationToken outer)
    {
        _timeout.CancelAfter(after);
        if (outer.CanBeCanceled)
        {
            _link = outer.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timeout);
        }

        return _timeout.Token;
    }

    /// <summary>Stops the timer; the next <see cref="Arm"/> starts afresh.</summary>
    public void Disarm()
    {
        // Waits for a link callback in progress, so nothing cancels the source after it is reset.
        _link.Dispose();
        _link = default;
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource();
        }
    }

    public void Dispose()
    {
        _link.Dispose();
        _timeout.Dispose();
    }
}
