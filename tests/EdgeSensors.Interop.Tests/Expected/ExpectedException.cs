using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Interop.Tests.Expected;

/// <summary>A read that the pymodbus server answers with <see cref="Code"/>; <see cref="Via"/> says how it is produced.</summary>
internal sealed record ExpectedException(byte Code, byte Unit, string Table, ushort Address, ushort Count, string Via)
{
    public ExceptionCode ExceptionCode => (ExceptionCode)Code;

    public RegisterTable RegisterTable => Tables.Parse(Table);

    /// <summary>A stable, readable test case name, e.g. "0A unit 20 holding 0x2".</summary>
    public string CaseName => Code.ToString("X2") + " unit " + Unit + " " + Table + " " + Address + "x" + Count;
}
