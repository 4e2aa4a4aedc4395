using System.Reflection;

[assembly: AssemblyTitle("EdgeSensors.Node.Esp32")]
[assembly: AssemblyDescription("EdgeSensors ESP32 sensor node: nanoFramework device adapters around the portable node core")]
[assembly: AssemblyVersion("0.1.0.0")]
