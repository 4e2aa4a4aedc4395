using EdgeSensors.Gateway.Modbus.Master;

namespace EdgeSensors.Cli.Reading;

/// <summary>Polls a target at a fixed period (start to start) until cancelled or after a number of polls.</summary>
public sealed class PollLoop(PollTarget target, ModbusBus bus, TimeSpan period, int? maxPolls)
{
    /// <summary>Runs the loop, handing each outcome to <paramref name="show"/>; returns the last outcome.</summary>
    public async Task<PollOutcome?> RunAsync(Action<PollOutcome> show, CancellationToken ct)
    {
        PollOutcome? last = null;
        using var timer = new PeriodicTimer(period);
        for (int done = 0; maxPolls is null || done < maxPolls; done++)
        {
            if (done > 0)
            {
                await timer.WaitForNextTickAsync(ct);
            }

            last = await target.PollAsync(bus, ct);
            show(last);
        }

        return last;
    }
}
