using System.Globalization;
using System.Text.Json;
using EdgeSensors.Cli;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Gateway.Tests.Cli;

public sealed class ReadCommandTests
{
    public static TheoryData<string, string, double> TypesAndOrders()
    {
        var data = new TheoryData<string, string, double>();
        (string Type, double Value)[] samples = [("uint16", 65000), ("int16", -1234), ("uint32", 3_000_000_000), ("int32", -123_456_789), ("float32", 25.5)];
        foreach ((string type, double value) in samples)
        {
            foreach (string order in new[] { "ABCD", "CDAB", "BADC", "DCBA" })
            {
                data.Add(type, order, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndOrders))]
    public async Task Read_decodes_each_type_in_each_word_order(string type, string order, double value)
    {
        DataType dataType = Enum.Parse<DataType>(type, ignoreCase: true);
        var registers = new ushort[4];
        RegisterEncoder.Encode(value, dataType, Enum.Parse<WordOrder>(order), registers, 0);
        var bank = new RegisterBank().AddUnit(1, 100);
        bank.SetHolding(1, 10, registers);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--unit", "1", "--address", "40011", "--type", type, "--order", order, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        JsonElement first = run.Json().GetProperty("values")[0];
        Assert.Equal(value, first.GetProperty("value").GetDouble());
        Assert.Equal("40011", first.GetProperty("registerNumber").GetString());
        Assert.Equal(10, first.GetProperty("address").GetInt32());
    }

    [Fact]
    public async Task Plain_output_shows_register_number_address_raw_hex_and_value()
    {
        var bank = new RegisterBank().AddUnit(1, 100);
        bank.SetHolding(1, 2, 0x41CC, 0x0000, 0xC2F6, 0x0000);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--address", "0x0002", "--type", "float32", "--count", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains(run.OutLines, l => l.StartsWith("40003", StringComparison.Ordinal) && l.Contains("0x0002") && l.Contains("41CC 0000") && l.EndsWith("25.5", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.StartsWith("40005", StringComparison.Ordinal) && l.Contains("0x0004") && l.Contains("C2F6 0000") && l.EndsWith("-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Order_all_prints_the_four_interpretations_of_each_value()
    {
        var registers = new ushort[2];
        RegisterEncoder.Encode(123.25, DataType.Float32, WordOrder.CDAB, registers, 0);
        var bank = new RegisterBank().AddUnit(246, 200);
        bank.SetInput(246, 106, registers);
        await using BankServer server = await BankServer.StartAsync(bank);
        string[] args = ["read", "--tcp", server.Endpoint, "--unit", "246", "--table", "input", "--address", "106", "--type", "float32", "--order", "all"];

        CliRun text = await CliRun.RunAsync(args);
        CliRun json = await CliRun.RunAsync([.. args, "--json"]);

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        string header = Assert.Single(text.OutLines, l => l.StartsWith("register", StringComparison.Ordinal));
        Assert.Equal(["register", "address", "raw", "(hex)", "ABCD", "CDAB", "BADC", "DCBA"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        string row = Assert.Single(text.OutLines, l => l.StartsWith("30107", StringComparison.Ordinal));
        Assert.Equal("123.25", row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5]);

        JsonElement orders = json.Json().GetProperty("values")[0].GetProperty("orders");
        Assert.Equal(["ABCD", "CDAB", "BADC", "DCBA"], orders.EnumerateObject().Select(p => p.Name));
        Assert.Equal(123.25, orders.GetProperty("CDAB").GetDouble());
        Assert.NotEqual(123.25, ReadNumber(orders.GetProperty("ABCD")));
    }

    [Fact]
    public async Task Output_says_whether_the_address_was_read_as_register_number_or_protocol_address()
    {
        var bank = new RegisterBank().AddUnit(1, 100);
        bank.SetHolding(1, 0, 7);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun number = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--address", "40001");
        CliRun address = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--address", "0");
        CliRun json = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--address", "40001", "--json");

        Assert.Contains("40001 read as register number: holding register, protocol address 0 (0x0000)", number.Out);
        Assert.Contains("0 read as protocol address 0 (0x0000): holding register, register number 40001", address.Out);
        Assert.Equal("registerNumber", json.Json().GetProperty("notation").GetString());
        Assert.Equal(7, json.Json().GetProperty("values")[0].GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task Input_register_number_selects_the_input_table_without_table_option()
    {
        var bank = new RegisterBank().AddUnit(1, 200);
        bank.SetInput(1, 100, 321);
        bank.SetHolding(1, 100, 999);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--address", "30101", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("input", run.Json().GetProperty("table").GetString());
        Assert.Equal(321, run.Json().GetProperty("values")[0].GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task Coils_read_as_bits()
    {
        var bank = new RegisterBank().AddUnit(1, 100);
        bank.SetCoils(1, 4, true, false, true);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--table", "coil", "--address", "4", "--count", "3", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal([true, false, true], run.Json().GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetBoolean()));
    }

    [Fact]
    public async Task Json_has_the_documented_fields()
    {
        var bank = new RegisterBank().AddUnit(5, 100);
        bank.SetHolding(5, 0, 0x1234);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--unit", "5", "--address", "40001", "--json");

        JsonElement root = run.Json();
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(5, root.GetProperty("unit").GetInt32());
        Assert.Equal("holding", root.GetProperty("table").GetString());
        Assert.Equal("uint16", root.GetProperty("type").GetString());
        Assert.Equal("ABCD", root.GetProperty("order").GetString());
        Assert.StartsWith("tcp://", root.GetProperty("connection").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, root.GetProperty("attempts").GetInt32());
        Assert.Equal("1234", root.GetProperty("values")[0].GetProperty("raw")[0].GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("time").GetString(), CultureInfo.InvariantCulture, out _));
    }

    private static double ReadNumber(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number ? element.GetDouble() : double.Parse(element.GetString()!, CultureInfo.InvariantCulture);
}
