using EdgeSensors.Gateway.Storage.Backfill;
using EdgeSensors.Gateway.Storage.Recovery;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>The small pieces under the queue: the sequence reservation file and the token bucket.</summary>
public sealed class RecoveryUnitTests
{
    [Fact]
    public void The_reservation_file_keeps_the_highest_valid_slot_when_the_other_is_torn()
    {
        using var dir = new StoreDirectory();
        var reservation = SequenceReservation.Open(dir.Path);
        reservation.Cover(10);            // slot 0: 10 + block
        reservation.Cover(10 + SequenceReservation.BlockSize + 5); // slot 1: higher
        ulong highest = reservation.Ceiling;

        DatabaseFile.Overwrite(Path.Combine(dir.Path, SequenceReservation.FileName), 16 + 3, [0xAA, 0xBB]); // tear slot 1
        var reopened = SequenceReservation.Open(dir.Path);

        Assert.True(reopened.WasReadable);
        Assert.Equal(10 + SequenceReservation.BlockSize, reopened.Ceiling);
        Assert.True(highest > reopened.Ceiling);

        File.WriteAllBytes(Path.Combine(dir.Path, SequenceReservation.FileName), new byte[32]);
        var destroyed = SequenceReservation.Open(dir.Path);
        Assert.False(destroyed.WasReadable);
        Assert.Equal(0UL, destroyed.Ceiling);
    }

    [Fact]
    public void The_reservation_is_written_once_per_block_not_per_entry()
    {
        using var dir = new StoreDirectory();
        var reservation = SequenceReservation.Open(dir.Path);
        reservation.Cover(1);
        string path = Path.Combine(dir.Path, SequenceReservation.FileName);
        byte[] before = File.ReadAllBytes(path);

        reservation.Cover(SequenceReservation.BlockSize);

        Assert.Equal(before, File.ReadAllBytes(path));
        reservation.Cover(SequenceReservation.BlockSize + 2);
        Assert.NotEqual(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void The_token_bucket_refills_at_its_rate_up_to_its_burst()
    {
        var clock = new StoreClock();
        var bucket = new TokenBucket(ratePerSecond: 4, burst: 8, clock);
        Assert.Equal(8, bucket.Available());
        bucket.Take(8);
        Assert.Equal(0, bucket.Available());
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.TimeUntilAvailable(1));

        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(6, bucket.Available());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(8, bucket.Available());
    }
}
