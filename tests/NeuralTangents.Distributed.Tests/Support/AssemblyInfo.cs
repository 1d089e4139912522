// The clusters share the static TileLog and the machine's few cores: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
