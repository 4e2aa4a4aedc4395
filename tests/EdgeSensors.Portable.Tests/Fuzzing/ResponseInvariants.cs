using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>What must hold after every parse of a received response, whatever the damage.</summary>
internal static class ResponseInvariants
{
    /// <summary>Parses and checks: no values on failure (and none left over from before), and Ok only for frames that re-encode identically.</summary>
    public static ModbusStatus ParseAndCheck(ModbusRequest request, byte[] buffer, int offset, int pduLength, ModbusResponse response, int iteration, Mutation mutation)
    {
        int before = response.Count;
        ModbusStatus status = ModbusPdu.ParseResponse(request, buffer, offset, pduLength, response);

        if (status == ModbusStatus.Ok || status == ModbusStatus.ExceptionResponse)
        {
            if (!ResponseReencoder.SameAsReceived(request, status, response, buffer, offset, pduLength))
            {
                Assert.Fail(Context(iteration, mutation) + status + " but re-encoding differs");
            }
        }

        if (status == ModbusStatus.Ok)
        {
            Assert.Equal(request.IsRead ? request.Quantity : 0, response.Count);
            Assert.Equal(ExceptionCode.None, response.ExceptionCode);
            return status;
        }

        if (response.Count != 0)
        {
            Assert.Fail(Context(iteration, mutation) + status + " left Count " + response.Count);
        }
        if (status != ModbusStatus.ExceptionResponse)
        {
            Assert.Equal(ExceptionCode.None, response.ExceptionCode);
        }

        for (int i = 0; i < before && i < response.Registers.Length; i++)
        {
            if (response.Registers[i] != 0)
            {
                Assert.Fail(Context(iteration, mutation) + "stale register " + i);
            }
        }

        for (int i = 0; i < before && i < response.Bits.Length; i++)
        {
            if (response.Bits[i])
            {
                Assert.Fail(Context(iteration, mutation) + "stale bit " + i);
            }
        }

        return status;
    }

    private static string Context(int iteration, Mutation mutation)
    {
        return "iteration " + iteration + " " + mutation + ": ";
    }
}
