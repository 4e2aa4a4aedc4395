using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Protocol;

public class ModbusTextTests
{
    [Fact]
    public void EveryExceptionCode_HasItsOwnMessage_NamingItsNumber()
    {
        ExceptionCode[] codes = Enum.GetValues<ExceptionCode>().Where(c => c != ExceptionCode.None).ToArray();
        string[] messages = codes.Select(ModbusText.Describe).ToArray();

        Assert.Equal(codes.Length, messages.Distinct().Count());
        for (int i = 0; i < codes.Length; i++)
        {
            Assert.StartsWith("exception " + ((byte)codes[i]).ToString("X2", System.Globalization.CultureInfo.InvariantCulture), messages[i], StringComparison.Ordinal);
            Assert.DoesNotContain("unknown", messages[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnUnknownExceptionCode_IsShownInHex()
    {
        Assert.Equal("exception 7F: unknown exception code", ModbusText.Describe((ExceptionCode)0x7F));
    }

    [Fact]
    public void EveryStatus_HasItsOwnMessage()
    {
        ModbusStatus[] statuses = Enum.GetValues<ModbusStatus>();
        string[] messages = statuses.Select(ModbusText.Describe).ToArray();

        Assert.Equal(statuses.Length, messages.Distinct().Count());
        Assert.DoesNotContain("unknown status", messages);
        Assert.Equal("unknown status", ModbusText.Describe((ModbusStatus)999));
    }
}
