using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Simulator.Farm;

namespace EdgeSensors.Simulator.Serving;

/// <summary>Reads and writes one instrument's register image for a request, as the instrument would answer.</summary>
internal static class DeviceResponder
{
    public static int Respond(RegisterImage image, ModbusRequest request, byte[] pdu)
    {
        byte function = (byte)request.Function;
        ushort[]? table = image.Table(request.Table);
        if (request.IsBitAccess || table is null)
        {
            // None of the profiled instruments has coils or discrete inputs.
            return ModbusPdu.WriteExceptionResponse(function, ExceptionCode.IllegalDataAddress, pdu, 0);
        }

        if (request.Address + request.Quantity > table.Length)
        {
            return ModbusPdu.WriteExceptionResponse(function, ExceptionCode.IllegalDataAddress, pdu, 0);
        }

        switch (request.Function)
        {
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                var values = new ushort[request.Quantity];
                Array.Copy(table, request.Address, values, 0, request.Quantity);
                return ModbusPdu.WriteRegistersResponse(request.Function, values, values.Length, pdu, 0);
            case FunctionCode.WriteSingleRegister:
            case FunctionCode.WriteMultipleRegisters:
                Array.Copy(request.RegisterValues, 0, table, request.Address, request.Quantity);
                return ModbusPdu.WriteWriteResponse(request, pdu, 0);
            default:
                return ModbusPdu.WriteExceptionResponse(function, ExceptionCode.IllegalFunction, pdu, 0);
        }
    }
}
