using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// Microsecond-accurate waits without blocking pool threads, for the RTU inter-frame silence. Timers cannot do it:
/// they run on a coarse system tick (4 ms on the Linux hosts measured) and round sub-millisecond delays down, so
/// Task.Delay(1.75 ms) may return after 0 ms and Task.Delay(3.9 ms) after 0.02 ms. One dedicated thread per
/// process serves every waiter: it sleeps in a timed wait (precise to about 0.1 ms) until shortly before the
/// earliest deadline and spins the rest, then completes the waiter. Its continuation runs right there, on the timer
/// thread, so the request goes out without waiting for a pool thread; the owners' continuations are short (write a
/// frame, start a read) and give the thread back at their next wait. A wait therefore never ends early.
/// </summary>
internal static class PreciseTimer
{
    // Timed waits overshoot by up to about 0.15 ms here; the last stretch is spun.
    private static readonly long SpinTicks = Stopwatch.Frequency * 3 / 10_000;
    private static readonly object Gate = new();
    private static readonly List<PreciseWaiter> Waiting = [];
    private static Thread? _thread;

    internal static void Schedule(PreciseWaiter waiter)
    {
        lock (Gate)
        {
            Waiting.Add(waiter);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "modbus-precise-timer", Priority = ThreadPriority.AboveNormal };
                _thread.Start();
            }

            Monitor.Pulse(Gate);
        }
    }

    private static void Run()
    {
        while (true)
        {
            PreciseWaiter due = TakeNextDue();
            try
            {
                due.Fire();
            }
            catch (Exception ex)
            {
                // A continuation that throws must not stop every other line's timing.
                Trace.TraceError("Modbus precise timer: a continuation failed: " + ex);
            }
        }
    }

    // Sleeps until the earliest deadline is within the spin stretch, spins to it, and returns its waiter.
    private static PreciseWaiter TakeNextDue()
    {
        PreciseWaiter next;
        lock (Gate)
        {
            while (true)
            {
                if (Waiting.Count == 0)
                {
                    Monitor.Wait(Gate);
                    continue;
                }

                next = Earliest();
                long sleepTicks = next.Deadline - Stopwatch.GetTimestamp() - SpinTicks;
                int sleepMs = (int)(sleepTicks * 1000 / Stopwatch.Frequency);
                if (sleepMs < 1)
                {
                    break;
                }

                // A new, earlier waiter pulses the gate and is picked up on the next turn.
                Monitor.Wait(Gate, sleepMs);
            }
        }

        while (Stopwatch.GetTimestamp() < next.Deadline)
        {
            Thread.SpinWait(32);
        }

        lock (Gate)
        {
            Waiting.Remove(next);
        }

        return next;
    }

    private static PreciseWaiter Earliest()
    {
        PreciseWaiter earliest = Waiting[0];
        for (int i = 1; i < Waiting.Count; i++)
        {
            if (Waiting[i].Deadline < earliest.Deadline)
            {
                earliest = Waiting[i];
            }
        }

        return earliest;
    }
}

/// <summary>
/// One owner's reusable wait on <see cref="PreciseTimer"/>; one wait at a time. The continuation after the wait runs on
/// the timer thread, so it must be brief and must not block.
/// </summary>
internal sealed class PreciseWaiter : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };

    /// <summary>Stopwatch timestamp the current wait ends at.</summary>
    public long Deadline { get; private set; }

    /// <summary>Completes at <paramref name="deadline"/> (a Stopwatch timestamp), at once if it has passed.</summary>
    public ValueTask WaitUntilAsync(long deadline)
    {
        if (deadline <= Stopwatch.GetTimestamp())
        {
            return default;
        }

        _core.Reset();
        Deadline = deadline;
        PreciseTimer.Schedule(this);
        return new ValueTask(this, _core.Version);
    }

    internal void Fire() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
