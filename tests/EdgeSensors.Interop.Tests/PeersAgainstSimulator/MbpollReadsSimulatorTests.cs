using EdgeSensors.Interop.Tests.Peers;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>
/// mbpoll reads every unit of the simulated tank farm; what it prints, decoded through each unit's profile, must be
/// a healthy instrument in clean air with plausible values and its configuration registers exactly as the farm set
/// them. mbpoll also decodes the 32-bit values itself, in the word order the profile names, and must agree.
/// </summary>
[Trait("Category", "Interop")]
public abstract class MbpollReadsSimulatorTests : IClassFixture<SimulatorFixture>
{
    protected MbpollReadsSimulatorTests(SimulatorFixture simulator)
    {
        Simulator = simulator;
    }

    public static TheoryData<byte> Units => FarmExpectations.Units;

    /// <summary>Every 32-bit register value of the farm's instruments: unit and tag.</summary>
    public static TheoryData<byte, string> ThirtyTwoBitTags
    {
        get
        {
            var data = new TheoryData<byte, string>();
            foreach (PrimaryExpectation unit in FarmExpectations.Primaries.DistinctBy(p => p.ProfileId))
            {
                foreach (TagDefinition tag in SimulatorFixture.ProfileOf(unit.Unit).Tags.Where(t => DataTypes.RegisterCount(t.Type) == 2))
                {
                    data.Add(unit.Unit, tag.Name);
                }
            }

            return data;
        }
    }

    protected SimulatorFixture Simulator { get; }

    protected abstract string? MissingTransportPeer { get; }

    protected abstract PeerEndpoint Endpoint { get; }

    [SkippableTheory]
    [MemberData(nameof(Units))]
    public async Task Reads_a_healthy_instrument_with_plausible_values(byte unit)
    {
        RequirePeers();

        ProfileReadout readout = await ProfileReadout.WithMbpollAsync(Endpoint, unit);

        FarmExpectations.AssertHealthyAndPlausible(readout);
    }

    [SkippableTheory]
    [MemberData(nameof(ThirtyTwoBitTags))]
    public async Task Decodes_32_bit_values_itself_as_the_profile_does(byte unit, string tagName)
    {
        RequirePeers();
        ProfileReadout readout = await ProfileReadout.WithMbpollAsync(Endpoint, unit);
        TagReading tag = readout[tagName];

        // mbpoll knows two word orders: high word first with -B (ABCD), low word first without (CDAB).
        bool highWordFirst = tag.Tag.WordOrder switch
        {
            WordOrder.ABCD => true,
            WordOrder.CDAB => false,
            _ => throw new Xunit.Sdk.XunitException($"{tag.Tag}: mbpoll cannot decode word order {tag.Tag.WordOrder}"),
        };
        string table = tag.Tag.Table == RegisterTable.InputRegister ? "3" : "4";
        bool isFloat = tag.Tag.Type == DataType.Float32;
        MbpollReadout own = await Mbpoll.ReadAsync(Endpoint, unit, table + (isFloat ? ":float" : ":int"), tag.Tag.Address, 1, highWordFirst);

        // The farm's clock stands still between the two reads, so both see the same registers.
        Assert.True(own.Run.ExitCode == 0, own.Run.ToString());
        if (isFloat)
        {
            // mbpoll prints six significant digits.
            Assert.True(Math.Abs(own.Number(tag.Tag.Address) - tag.Raw) <= Math.Abs(tag.Raw) * 1e-5, $"{tag} vs mbpoll\n{own.Run}\n{readout.Transcript}");
        }
        else
        {
            Assert.True(own.Integer(tag.Tag.Address) == (long)tag.Raw, $"{tag} vs mbpoll\n{own.Run}\n{readout.Transcript}");
        }
    }

    private void RequirePeers() => PeerGate.Require(PeerTools.FirstMissing(Mbpoll.MissingReason, MissingTransportPeer));
}
