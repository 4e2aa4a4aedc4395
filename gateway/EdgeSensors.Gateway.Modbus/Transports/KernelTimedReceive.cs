using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// On Linux, waits for a response and reads it in one system call: a blocking recv() bounded by the socket's
/// SO_RCVTIMEO, instead of poll() followed by recv(). A sequential master pays the kernel round trip per request, so
/// one call fewer per response is most of what separates it from the peer's own speed. .NET's Socket.Receive cannot be
/// used for this: when a receive with a timeout finds nothing it hands the socket to the runtime's socket engine.
/// </summary>
/// <remarks>
/// Only for a socket in blocking mode that the socket engine has never touched (the engine makes the descriptor
/// non-blocking for good, and recv() would then return at once): <see cref="TcpTransport"/> stops using it on a
/// connection once a response was awaited through the engine.
/// </remarks>
internal static partial class KernelTimedReceive
{
    private const int SolSocket = 1;
    private const int SoRcvTimeo = 20;
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int FGetfl = 3;
    private const int FSetfl = 4;
    private const int ONonblock = 0x800;
    private const int MsgDontwait = 0x40;

    /// <summary>True where the direct path is available (Linux, whose errno values are used here).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>
    /// Puts the descriptor in blocking mode. Socket.Blocking = true does not: .NET keeps a descriptor that was ever
    /// non-blocking so at the OS level and emulates blocking calls, which would make recv() return at once.
    /// </summary>
    public static void MakeDescriptorBlocking(Socket socket)
    {
        socket.Blocking = true;
        bool added = false;
        SafeSocketHandle handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            nint fd = handle.DangerousGetHandle();
            int flags = Fcntl(fd, FGetfl, 0);
            if (flags < 0 || ((flags & ONonblock) != 0 && Fcntl(fd, FSetfl, flags & ~ONonblock) < 0))
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException("fcntl() failed with errno " + errno + " (" + Marshal.GetPInvokeErrorMessage(errno) + ")");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Sets the socket's receive timeout (SO_RCVTIMEO) in microseconds; 0 would mean "forever" and is refused.</summary>
    public static void SetTimeout(Socket socket, int micros)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(micros, 1);
        Span<byte> timeval = stackalloc byte[2 * IntPtr.Size];

        // struct timeval { time_t tv_sec; suseconds_t tv_usec; }: two native longs on the ABIs .NET runs on.
        MemoryMarshal.Write(timeval, (nint)(micros / 1_000_000));
        MemoryMarshal.Write(timeval[IntPtr.Size..], (nint)(micros % 1_000_000));
        socket.SetRawSocketOption(SolSocket, SoRcvTimeo, timeval);
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/>: the byte count (0 when the peer closed the connection), or -1 when
    /// nothing arrived within the socket's receive timeout.
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer) => Receive(socket, buffer, 0);

    /// <summary>
    /// Receives what is already there without waiting (MSG_DONTWAIT): the byte count (0 when the peer closed the
    /// connection), or -1 when nothing has arrived yet.
    /// </summary>
    public static int ReceiveNow(Socket socket, Span<byte> buffer) => Receive(socket, buffer, MsgDontwait);

    private static int Receive(Socket socket, Span<byte> buffer, int flags)
    {
        bool added = false;
        SafeSocketHandle handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                nint read = Recv(handle.DangerousGetHandle(), ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length, flags);
                if (read >= 0)
                {
                    return (int)read;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }

                if (errno == Eagain)
                {
                    return -1;
                }

                throw new IOException("recv() failed with errno " + errno + " (" + Marshal.GetPInvokeErrorMessage(errno) + ")");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(nint descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(nint socket, ref byte buffer, nuint length, int flags);
}
