using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralTangents.LinearAlgebra.Gemm;

/// <summary>
/// The managed GEMM of the Goto/BLIS scheme over a register-blocked <typeparamref name="TKernel"/>: op(A) and
/// op(B) are packed once into panels (<see cref="PanelPacking"/>), the sum is split into equal blocks of at most
/// <see cref="MaxDepth"/> steps (a B panel of one block stays in L1 while the rows of a task run past it; the
/// task's A block stays in L2), and tasks of <see cref="TaskRows"/> rows × <see cref="TaskPanels"/> B panels run
/// in parallel.
/// </summary>
/// <remarks>
/// Every entry of C is summed the same way whatever the shape of the call, its position in it and the
/// partition into tasks: over each depth block in order, one fused multiply-add per step, then
/// <c>C ← alpha·block + beta·C</c> (beta for the first block, 1 after). Entries (i, j) and (j, i) of x·xᵀ are
/// therefore equal, and a cell of the input Gram is the same whichever call computes it.
/// </remarks>
internal static unsafe class PackedGemm<TKernel> where TKernel : IGemmMicroKernel
{
    /// <summary>Most steps of the sum per depth block.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// Rows of C per task, in tiles (an A block of at most 72 × 256 values stays in L2; a B panel is reused by 6
    /// tiles from L1): small enough that a 512-row call is 8 tasks, which balance when a thread starts late.
    /// </summary>
    public const int TaskTiles = 6;

    /// <summary>B panels per task.</summary>
    public const int TaskPanels = 64;

    /// <summary>Rows of C per task.</summary>
    public static int TaskRows => TaskTiles * TKernel.Rows;

    // Below this many multiply-adds the call runs on the calling thread.
    private const double SerialWork = 1 << 21;

    /// <summary>
    /// C ← alpha·op(A)·op(B) + beta·C, row-major; op(A) is m×k, op(B) is k×n. With <paramref name="lowerOnly"/>
    /// (m = n) only entries j ≤ i are written, and tiles wholly above the diagonal are not computed (SYRK).
    /// beta = 0 never reads C.
    /// </summary>
    public static void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, bool lowerOnly = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        fixed (T* pc = c)
        {
            if (k == 0 || alpha == T.Zero)
            {
                Scale(m, n, beta, pc, ldc, lowerOnly);
                return;
            }
            fixed (T* pa = a)
            fixed (T* pb = b)
                Run(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, lowerOnly);
        }
    }

    private static void Run<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, bool lowerOnly)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = new Shape(m, n, k, TKernel.Rows, TKernel.Columns<T>());
        long lengthA = shape.RowPanels * shape.Rows * (long)k, lengthB = shape.ColumnPanels * shape.Columns * (long)k;
        T* packedA = (T*)PackingBuffer.Rent((lengthA + lengthB) * sizeof(T) + 64, out long[] owner);
        T* packedB = packedA + lengthA + (-lengthA & (64 / sizeof(T) - 1)); // B's panels start on a cache line too
        bool parallel = (double)m * n * k >= SerialWork;
        var operands = new Operands<T>(a, lda, transposeA, b, ldb, transposeB, packedA, packedB);
        int packs = shape.DepthBlocks * (shape.RowPanels + shape.ColumnPanels);
        if (parallel) Parallel.For(0, packs, index => PackOne(shape, operands, index));
        else for (int index = 0; index < packs; index++) PackOne(shape, operands, index);

        var output = new Output<T>(c, ldc, alpha, beta, lowerOnly);
        int rowTasks = (shape.RowPanels + TaskTiles - 1) / TaskTiles, columnTasks = (shape.ColumnPanels + TaskPanels - 1) / TaskPanels;
        int tasks = rowTasks * columnTasks;
        if (parallel) Parallel.For(0, tasks, task => RunTask(shape, operands, output, task / columnTasks, task % columnTasks));
        else for (int task = 0; task < tasks; task++) RunTask(shape, operands, output, task / columnTasks, task % columnTasks);
        GC.KeepAlive(owner);
    }

    // Pack number `index`: depth block first, then the A panels of that block, then its B panels.
    private static void PackOne<T>(Shape shape, Operands<T> o, int index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int panels = shape.RowPanels + shape.ColumnPanels;
        int block = index / panels, panel = index % panels;
        int p0 = block * shape.Depth, depth = shape.DepthOf(block);
        if (panel < shape.RowPanels)
        {
            int i0 = panel * shape.Rows;
            T* origin = o.TransposeA ? o.A + (long)p0 * o.Lda + i0 : o.A + (long)i0 * o.Lda + p0;
            PanelPacking.Pack(origin, o.Lda, o.TransposeA, shape.Rows, Math.Min(shape.Rows, shape.M - i0), depth, o.PanelA(shape, block, panel));
        }
        else
        {
            panel -= shape.RowPanels;
            int j0 = panel * shape.Columns;
            T* origin = o.TransposeB ? o.B + (long)j0 * o.Ldb + p0 : o.B + (long)p0 * o.Ldb + j0;
            PanelPacking.Pack(origin, o.Ldb, !o.TransposeB, shape.Columns, Math.Min(shape.Columns, shape.N - j0), depth, o.PanelB(shape, block, panel));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTask<T>(Shape shape, Operands<T> o, Output<T> output, int rowTask, int columnTask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int firstRow = rowTask * TaskTiles, endRow = Math.Min(shape.RowPanels, firstRow + TaskTiles);
        int firstColumn = columnTask * TaskPanels, endColumn = Math.Min(shape.ColumnPanels, firstColumn + TaskPanels);
        T* scratch = stackalloc T[shape.Rows * shape.Columns];
        for (int block = 0; block < shape.DepthBlocks; block++)
        {
            int depth = shape.DepthOf(block);
            bool readC = block > 0 || output.Beta != T.Zero;
            T beta = block == 0 ? output.Beta : T.One;
            for (int jp = firstColumn; jp < endColumn; jp++)
            {
                T* panelB = o.PanelB(shape, block, jp);
                int j0 = jp * shape.Columns, columns = Math.Min(shape.Columns, shape.N - j0);
                for (int ip = firstRow; ip < endRow; ip++)
                {
                    int i0 = ip * shape.Rows, rows = Math.Min(shape.Rows, shape.M - i0);
                    if (output.LowerOnly && j0 > i0 + rows - 1) continue;
                    T* panelA = o.PanelA(shape, block, ip);
                    T* target = output.C + (long)i0 * output.Ldc + j0;
                    bool whole = rows == shape.Rows && columns == shape.Columns && (!output.LowerOnly || j0 + columns - 1 <= i0);
                    if (whole)
                    {
                        TKernel.Run(panelA, panelB, depth, target, output.Ldc, output.Alpha, beta, readC);
                        continue;
                    }
                    // An edge tile (or one crossing the diagonal): the whole tile into scratch, then the part wanted,
                    // rounded as the micro-kernel rounds (alpha·sum, then one fused add of beta·C).
                    TKernel.Run(panelA, panelB, depth, scratch, shape.Columns, T.One, T.Zero, false);
                    for (int r = 0; r < rows; r++)
                    {
                        int end = output.LowerOnly ? Math.Min(columns, i0 + r - j0 + 1) : columns;
                        T* row = target + (long)r * output.Ldc;
                        for (int col = 0; col < end; col++)
                        {
                            T scaled = output.Alpha * scratch[r * shape.Columns + col];
                            row[col] = readC ? T.FusedMultiplyAdd(beta, row[col], scaled) : scaled;
                        }
                    }
                }
            }
        }
    }

    // C ← beta·C (k = 0 or alpha = 0); beta = 0 writes zeros without reading.
    private static void Scale<T>(int m, int n, T beta, T* c, int ldc, bool lowerOnly) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (long)i * ldc, lowerOnly ? Math.Min(n, i + 1) : n);
            if (beta == T.Zero) row.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>The tiling of one call: tile sizes, panels, depth blocks.</summary>
    private readonly record struct Shape(int M, int N, int K, int Rows, int Columns)
    {
        public int RowPanels { get; } = (M + Rows - 1) / Rows;

        public int ColumnPanels { get; } = (N + Columns - 1) / Columns;

        public int DepthBlocks { get; } = (K + MaxDepth - 1) / MaxDepth;

        /// <summary>Steps of the sum per block (equal blocks, the last possibly shorter).</summary>
        public int Depth => (K + DepthBlocks - 1) / DepthBlocks;

        public int DepthOf(int block) => Math.Min(Depth, K - block * Depth);
    }

    /// <summary>The operands, where their packed panels go, and how to find a panel.</summary>
    private readonly struct Operands<T>(T* a, int lda, bool transposeA, T* b, int ldb, bool transposeB, T* packedA, T* packedB)
        where T : unmanaged
    {
        public T* A { get; } = a;
        public int Lda { get; } = lda;
        public bool TransposeA { get; } = transposeA;
        public T* B { get; } = b;
        public int Ldb { get; } = ldb;
        public bool TransposeB { get; } = transposeB;
        public T* PackedA { get; } = packedA;
        public T* PackedB { get; } = packedB;

        // Blocks before `block` all have Depth steps, so block `block` starts at step block·Depth of every panel.
        public T* PanelA(Shape s, int block, int panel) =>
            PackedA + (long)block * s.Depth * s.RowPanels * s.Rows + (long)panel * s.Rows * s.DepthOf(block);

        public T* PanelB(Shape s, int block, int panel) =>
            PackedB + (long)block * s.Depth * s.ColumnPanels * s.Columns + (long)panel * s.Columns * s.DepthOf(block);
    }

    /// <summary>Where the result goes and how it is combined.</summary>
    private readonly struct Output<T>(T* c, int ldc, T alpha, T beta, bool lowerOnly) where T : unmanaged
    {
        public T* C { get; } = c;
        public int Ldc { get; } = ldc;
        public T Alpha { get; } = alpha;
        public T Beta { get; } = beta;
        public bool LowerOnly { get; } = lowerOnly;
    }
}
