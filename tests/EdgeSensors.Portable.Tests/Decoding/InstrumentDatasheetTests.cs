using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Portable.Tests.Decoding;

/// <summary>Register values as the instruments in DOMAIN.md send them, decoded the way their datasheets say.</summary>
public class InstrumentDatasheetTests
{
    [Fact]
    public void VegaPulsC21_PrimaryValueIsFloat32InCdabOrder()
    {
        // Input registers 106-107: 4.25 m = 0x40880000, low word first. 12.3456 m = 0x41458794 shows the low word matters.
        Assert.Equal(4.25, RegisterDecoder.Decode([0x0000, 0x4088], 0, DataType.Float32, WordOrder.CDAB));
        Assert.Equal((double)12.3456f, RegisterDecoder.Decode([0x8794, 0x4145], 0, DataType.Float32, WordOrder.CDAB));

        // The same registers read as ABCD give nonsense: the reason a profile must name the order.
        Assert.NotEqual((double)12.3456f, RegisterDecoder.Decode([0x8794, 0x4145], 0, DataType.Float32, WordOrder.ABCD));
    }

    [Fact]
    public void VegaPulsC21_StatusBit0MarksThePrimaryValueInvalid()
    {
        Assert.True(StatusBits.IsSet(0x0001, 0));
        Assert.False(StatusBits.IsSet(0x0100, 0));
    }

    [Fact]
    public void KellerSeries30_FloatsAreHighWordFirst()
    {
        // 0x0002 P1 = 1.5 bar, 0x0006 temperature = 23.5 degC, read as one block from 0x0002.
        ushort[] block = [0x3FC0, 0x0000, 0x0000, 0x0000, 0x41BC, 0x0000];

        Assert.Equal(1.5, RegisterDecoder.Decode(block, 0, DataType.Float32, WordOrder.ABCD));
        Assert.Equal(23.5, RegisterDecoder.Decode(block, 4, DataType.Float32, WordOrder.ABCD));
    }

    [Fact]
    public void KellerSeries30_AChannelErrorReadsAsNaN()
    {
        Assert.True(double.IsNaN(RegisterDecoder.Decode([0x7FC0, 0x0000], 0, DataType.Float32, WordOrder.ABCD)));
    }

    [Fact]
    public void KellerSeries30_Int32PressureIn0Point01Mbar()
    {
        // 0x0012: 1013.25 mbar = 101325 = 0x00018BCD.
        double raw = RegisterDecoder.Decode([0x0001, 0x8BCD], 0, DataType.Int32, WordOrder.ABCD);

        Assert.Equal(101325, raw);
        Assert.Equal(1013.25, Scaling.Linear(raw, 0.01, 0), 10);
    }

    [Fact]
    public void SierraMonitor5100_ConcentrationTimesGasScale()
    {
        // 40001 = 209 means 20.9 with gain 0.1; 40002 temperature -5.5 degC = -55 = 0xFFC9.
        Assert.Equal(20.9, Scaling.Linear(RegisterDecoder.Decode([209], 0, DataType.UInt16, WordOrder.ABCD), 0.1, 0), 10);
        Assert.Equal(-5.5, Scaling.Linear(RegisterDecoder.Decode([0xFFC9], 0, DataType.Int16, WordOrder.ABCD), 0.1, 0), 10);
    }

    [Fact]
    public void Pt495_ConcentrationAndStatusWord()
    {
        // 40001 = 125 -> 12.5 ppm H2S; 40002 = 0x0105: sensor type 1 (H2S) in the high byte, bits 0 and 2 in the low byte.
        ushort[] registers = [125, 0x0105];

        Assert.Equal(12.5, Scaling.Linear(RegisterDecoder.Decode(registers, 0, DataType.UInt16, WordOrder.ABCD), 0.1, 0), 10);
        Assert.Equal(1, StatusBits.Field(registers[1], 8, 8));
        Assert.Equal(0x05, StatusBits.Field(registers[1], 0, 8));
        Assert.True(StatusBits.IsSet(registers[1], 0));
        Assert.False(StatusBits.IsSet(registers[1], 1));
        Assert.True(StatusBits.IsSet(registers[1], 2));
        Assert.True(StatusBits.IsSet(registers[1], 8));
    }

    [Theory]
    [InlineData(0x0205, 2)] // %LEL
    [InlineData(0x0500, 5)] // O2
    [InlineData(0x06FF, 6)] // H2
    public void Pt495_SensorTypeIsTheHighByte_WhateverTheAlarmBits(ushort status, int sensorType)
    {
        Assert.Equal(sensorType, StatusBits.Field(status, 8, 8));
    }

    [Theory]
    [InlineData(12345, 2, 123.45)]
    [InlineData(12345, 0, 12345.0)]
    [InlineData(12345, 3, 12.345)]
    [InlineData(-200, 1, -20.0)]
    public void GenericTransmitter_DecimalPlacesRegister(short raw, int places, double expected)
    {
        ushort register = unchecked((ushort)raw);
        double decoded = RegisterDecoder.Decode([register], 0, DataType.Int16, WordOrder.ABCD);

        Assert.True(Scaling.TryApplyDecimals(decoded, places, out double value));
        Assert.Equal(expected, value, 10);
    }
}
