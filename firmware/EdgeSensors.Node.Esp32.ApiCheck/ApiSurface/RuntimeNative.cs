// Declarations only: nanoFramework.Runtime.Native (1.7.x: GC.cs, Power.cs, System/Environment.cs) as far as the
// device adapters use it. Bodies throw; the device links the real package.
#nullable disable
namespace System
{
    public static class Environment
    {
        public static long TickCount64 => throw new NotImplementedException();
    }
}

namespace nanoFramework.Runtime.Native
{
    public static class GC
    {
        public static uint Run(bool compactHeap) => throw new System.NotImplementedException();
    }

    public class Power
    {
        public static void RebootDevice(int exeConstraintTimeout) => throw new System.NotImplementedException();
    }
}
