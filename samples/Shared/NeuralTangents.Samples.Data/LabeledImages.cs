namespace NeuralTangents.Samples.Data;

/// <summary>Grey-scale images with one class label each, as stored in the IDX files (pixels 0…255, row-major).</summary>
public sealed class LabeledImages
{
    /// <summary>Pairs images with labels.</summary>
    /// <exception cref="ArgumentException">The arrays do not describe the same number of images, or a label is not a class.</exception>
    public LabeledImages(byte[] pixels, byte[] labels, int rows, int columns, int classes)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (pixels.Length != (long)labels.Length * rows * columns)
            throw new ArgumentException(
                $"{labels.Length} labels need {(long)labels.Length * rows * columns} pixels of {rows}×{columns} images, got {pixels.Length}.", nameof(pixels));
        int bad = Array.FindIndex(labels, label => label >= classes);
        if (bad >= 0)
            throw new ArgumentException($"Label {labels[bad]} of image {bad} is not one of the {classes} classes 0…{classes - 1}.", nameof(labels));
        Pixels = pixels;
        Labels = labels;
        Rows = rows;
        Columns = columns;
        Classes = classes;
    }

    /// <summary>The pixels of all images, image after image, each row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>The class of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>The image height.</summary>
    public int Rows { get; }

    /// <summary>The image width.</summary>
    public int Columns { get; }

    /// <summary>The number of classes labels are drawn from.</summary>
    public int Classes { get; }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixels per image.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
}
