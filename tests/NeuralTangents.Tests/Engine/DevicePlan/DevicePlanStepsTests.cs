using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Engine.DevicePlan;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.DevicePlan;

/// <summary>
/// The device plan's steps give their buffers back to the pool when a step throws (a kernel that fails to load or to
/// launch, a device out of memory): nothing stays allocated on the device beyond what the pool keeps for reuse.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DevicePlanStepsTests(CpuEngineFixture fixture)
{
    [Fact]
    public void A_failing_residual_branch_gives_every_buffer_back()
    {
        using var pool = new DeviceBufferPool<double>(fixture.Engine, 1 << 20);
        using var tables = new DeviceVarianceTables<double>(fixture.Engine, Array.Empty<PlanDual>(), 4);
        var lanes = new PairLanes { Cols = 4 };
        // Three branches: the first fails while the copies for the other two are already made.
        var residual = new ResidualNode<double>(new IReadOnlyList<PlanNode<double>>[] { new PlanNode<double>[] { new StepWithoutDeviceExecution() }, [], [] });
        using (var state = new DeviceState<double>(pool, new StateShape { Form = StateShape.None, Positions = 1, Lanes = 4 }, withNtk: true))
        {
            var steps = new DevicePlanSteps<double>(pool, tables, tables, lanes, recording: false);
            Assert.Throws<InvalidOperationException>(() => steps.Run(new PlanNode<double>[] { residual }, state));
        }
        Assert.Equal(0, pool.Outstanding);
    }

    /// <summary>A step the device plan has no execution for: running it throws.</summary>
    private sealed class StepWithoutDeviceExecution : PlanNode<double>
    {
        public override void Run(PairState<double> state, PlanContext<double> context) => throw new NotSupportedException();

        public override IEnumerable<string> Describe() => ["failing step"];
    }
}
