namespace EdgeSensors.FaultTools;

/// <summary>
/// Fault-test helpers run as a separate process.
///   append --dir DIR [--sync Full|Normal] [--batch N] [--payload-bytes N] [--start-index N] [--max-entries N]
///          [--stop-after-dropped-batches N]
/// Appends readings (payload = "entry-&lt;index&gt;;..." as in the tests) to the durable queue in DIR in a loop and prints
/// "committed FIRSTSEQ COUNT FIRSTINDEX" after each append returned. Meant to be killed with SIGKILL at any moment.
/// A batch not (fully) stored prints "dropped FIRSTSEQ STORED FIRSTINDEX DROPPED REASON"; after N such batches
/// (default 1) it prints "stats ..." and exits (1 when N is 1, else 0).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "append")
        {
            Console.Error.WriteLine("usage: EdgeSensors.FaultTools append --dir DIR [--sync Full|Normal] [--batch N] [--payload-bytes N] [--start-index N] [--max-entries N] [--stop-after-dropped-batches N]");
            return 2;
        }

        return AppendLoop.Run(ToolArguments.Parse(args[1..]));
    }
}
