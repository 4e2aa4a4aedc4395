namespace EdgeSensors.Alarms;

/// <summary>
/// A digital output (a GPIO driving a relay, a beacon or a buzzer). The seam between the alarm logic and the
/// hardware: the node implements it over GPIO, tests over a recording fake.
/// </summary>
public interface IOutputPin
{
    /// <summary>Sets the electrical level: true is high. Called on every evaluation with the level it should have.</summary>
    void Write(bool high);
}
