// Declarations only: nanoFramework.System.Device.Wifi (1.5.x, WifiNetworkHelper.cs, WifiReconnectionKind.cs),
// nanoFramework.Networking.Sntp (1.6.x, Sntp.cs), nanoFramework.System.Net (X509Certificate) and
// nanoFramework.System.Threading (CancellationTokenSource) as far as the device adapters use them. Bodies throw.
#nullable disable
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind { Automatic, Manual }
}

namespace System.Threading
{
    public struct CancellationToken
    {
    }

    public class CancellationTokenSource
    {
        public CancellationTokenSource(int millisecondsDelay) => throw new NotImplementedException();

        public CancellationToken Token => throw new NotImplementedException();
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(byte[] certificate) => throw new NotImplementedException();
    }
}

namespace nanoFramework.Networking
{
    using System.Device.Wifi;
    using System.Threading;

    public enum NetworkHelperStatus { None, Started, NetworkIsReady, Failed, TokenExpiredWaitingIPAddress, TokenExpiredWaitingDateTime, ErrorConnetingToWiFiWhileScanning, ExceptionOccurred }

    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status => throw new System.NotImplementedException();

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw new System.NotImplementedException();
    }

    public static class Sntp
    {
        public static string Server1 { get => throw new System.NotImplementedException(); set => throw new System.NotImplementedException(); }

        public static string Server2 { get => throw new System.NotImplementedException(); set => throw new System.NotImplementedException(); }

        public static void Start() => throw new System.NotImplementedException();

        public static void UpdateNow() => throw new System.NotImplementedException();
    }
}
