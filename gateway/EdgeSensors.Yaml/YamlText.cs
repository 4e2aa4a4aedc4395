using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Yaml;

/// <summary>Parses text into the one mapping a file must hold, turning syntax errors into positioned errors.</summary>
public static class YamlText
{
    /// <summary>
    /// The root mapping of <paramref name="yaml"/>, or null after reporting why not. <paramref name="shape"/> shows
    /// what the file should look like, e.g. "id: ..., tags: [...]".
    /// </summary>
    public static YamlMappingNode? LoadMapping(string yaml, ErrorSink sink, string shape)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            string cause = ex.InnerException?.Message ?? ex.Message;
            string fix = cause.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? "each key may appear once in a mapping: remove or rename the second one"
                : "check the indentation, quotes and ':' on this line and the one before";
            sink.Add(ex.Start, string.Empty, $"not valid YAML: {cause}", fix);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unclosed flow collections ("id: [gw" then a new line).
            sink.Add(parser.LastGood, string.Empty, "not valid YAML: a [ or { is not closed after this point", "close the bracket on the same line, or write the list one '- item' per line");
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            sink.Add((Mark?)null, string.Empty, $"the file must be one YAML mapping ({shape})", $"start the file with a key such as {shape.Split(',')[0]}");
            return null;
        }

        return root;
    }

    /// <summary>Remembers where the last event the parser produced ended, for errors that come without a position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark? LastGood { get; private set; }

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            bool moved = inner.MoveNext();
            if (inner.Current is not null)
            {
                LastGood = inner.Current.End;
            }

            return moved;
        }
    }
}
