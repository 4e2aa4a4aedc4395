namespace EdgeSensors.Benchmarks.Link;

/// <summary>Reads one RTU frame from a stream, stopping as soon as the framing function says it is complete.</summary>
internal static class RtuFrameReader
{
    /// <summary>Returns the frame length, or -1 for an unknown function byte or a closed stream.</summary>
    public static async Task<int> ReadAsync(Stream line, byte[] buffer, Func<byte[], int, int> frameLength, CancellationToken ct)
    {
        int have = 0;
        while (true)
        {
            int expected = frameLength(buffer, have);
            if (expected < 0)
            {
                return -1;
            }

            if (expected > 0 && have >= expected)
            {
                return expected;
            }

            int wanted = expected > 0 ? expected - have : 1;
            int read = await line.ReadAsync(buffer.AsMemory(have, wanted), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return -1;
            }

            have += read;
        }
    }
}
