namespace EdgeSensors.Modbus.Protocol;

/// <summary>Checks a request against every protocol limit before it is encoded.</summary>
public static class RequestValidator
{
    /// <summary>Returns null when the request is valid, else a one-line reason naming the limit.</summary>
    /// <param name="request">The request to check.</param>
    /// <param name="serialLine">True on RTU, where the unit must be 1-247; Modbus TCP also allows 0 and 248-255.</param>
    public static string? Validate(ModbusRequest request, bool serialLine)
    {
        if (serialLine && (request.Unit < ModbusLimits.MinUnit || request.Unit > ModbusLimits.MaxUnit))
        {
            return "unit " + request.Unit + " is outside 1-247 (0 is broadcast, which gets no reply)";
        }

        int quantity = request.Quantity;
        switch (request.Function)
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                if (quantity < 1 || quantity > ModbusLimits.MaxReadBits)
                {
                    return "bit count " + quantity + " is outside 1-" + ModbusLimits.MaxReadBits;
                }

                break;
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                if (quantity < 1 || quantity > ModbusLimits.MaxReadRegisters)
                {
                    return "register count " + quantity + " is outside 1-" + ModbusLimits.MaxReadRegisters;
                }

                break;
            case FunctionCode.WriteSingleCoil:
            case FunctionCode.WriteSingleRegister:
                quantity = 1;
                break;
            case FunctionCode.WriteMultipleCoils:
                if (quantity < 1 || quantity > ModbusLimits.MaxWriteCoils || quantity > request.CoilValues.Length)
                {
                    return "coil write count " + quantity + " is outside 1-" + ModbusLimits.MaxWriteCoils;
                }

                break;
            case FunctionCode.WriteMultipleRegisters:
                if (quantity < 1 || quantity > ModbusLimits.MaxWriteRegisters || quantity > request.RegisterValues.Length)
                {
                    return "register write count " + quantity + " is outside 1-" + ModbusLimits.MaxWriteRegisters;
                }

                break;
            default:
                return "function code " + (byte)request.Function + " is not supported";
        }

        if (request.Address + quantity > 65536)
        {
            return "address " + request.Address + " + count " + quantity + " runs past register 65535";
        }

        return null;
    }
}
