// Declarations only: nanoFramework.M2Mqtt (5.1.x, nanoframework/nanoFramework.m2mqtt MqttClient.cs and Messages/)
// as far as the device adapters use it. Bodies throw; the device links the real package.
#nullable disable
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte { AtMostOnce = 0, AtLeastOnce = 1, ExactlyOnce = 2 }

    public enum MqttReasonCode : byte { Success = 0 }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public ushort MessageId { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

        public bool IsPublished { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public string Topic => throw new NotImplementedException();

        public byte[] Message => throw new NotImplementedException();
    }
}

namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols { None, SSLv3, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3 }

    public interface IMqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);
    }

    public class MqttClient : IMqttClient, IDisposable
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) => throw new NotImplementedException();

        public bool IsConnected => throw new NotImplementedException();

        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event IMqttClient.MqttMsgPublishedEventHandler MqttMsgPublished;

        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed;

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            // Touch the events so the declaration-only stub compiles without unused-event warnings.
            MqttMsgPublishReceived?.Invoke(this, null);
            MqttMsgPublished?.Invoke(this, null);
            ConnectionClosed?.Invoke(this, null);
            throw new NotImplementedException();
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) => throw new NotImplementedException();

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) => throw new NotImplementedException();

        public void Close() => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }
}
