using Spectre.Console;

namespace EdgeSensors.Cli.Output;

/// <summary>
/// Rows of text under headers, rendered either as plain aligned columns (pipes, logs, tests) or as a Spectre table
/// (interactive terminal). Commands build one of these and let <see cref="CommandOutput"/> pick the rendering.
/// </summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public IReadOnlyList<string> Headers { get; } = headers;

    public IReadOnlyList<string[]> Rows => _rows;

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"expected {Headers.Count} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>Left-aligned columns separated by two spaces, header first.</summary>
    public void WritePlain(TextWriter writer)
    {
        int[] widths = Headers.Select(h => h.Length).ToArray();
        foreach (string[] row in _rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteRow(writer, Headers, widths);
        foreach (string[] row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    public Table ToSpectre()
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in Headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (string[] row in _rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }

        return table;
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> cells, int[] widths)
    {
        var parts = new string[cells.Count];
        for (int i = 0; i < cells.Count; i++)
        {
            parts[i] = i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i]);
        }

        writer.WriteLine(string.Join("  ", parts));
    }
}
