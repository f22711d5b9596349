/** The kubectl-ai release the wrapper is written for; every flag it passes exists in it. */
export const KUBECTL_AI_VERSION = '0.0.31';

export const INSTALL_COMMAND =
  `curl -fsSL https://github.com/GoogleCloudPlatform/kubectl-ai/releases/download/v${KUBECTL_AI_VERSION}/` +
  `kubectl-ai_Linux_x86_64.tar.gz | tar -xz kubectl-ai && sudo install kubectl-ai /usr/local/bin/`;
