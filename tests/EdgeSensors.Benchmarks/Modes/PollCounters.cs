namespace EdgeSensors.Benchmarks.Modes;

/// <summary>Totals shared by all pollers of the fleet benchmark (Interlocked, read while they run).</summary>
internal sealed class PollCounters
{
    private readonly object _checksumGate = new();
    private long _decoded;
    private long _failed;
    private double _checksum;

    public long Decoded => Interlocked.Read(ref _decoded);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Sum of every decoded value, printed so the decoding cannot be skipped.</summary>
    public double Checksum
    {
        get
        {
            lock (_checksumGate)
            {
                return _checksum;
            }
        }
    }

    public void AddDecoded(int registers) => Interlocked.Add(ref _decoded, registers);

    public void AddFailure() => Interlocked.Increment(ref _failed);

    public void AddChecksum(double sum)
    {
        lock (_checksumGate)
        {
            _checksum += sum;
        }
    }
}
