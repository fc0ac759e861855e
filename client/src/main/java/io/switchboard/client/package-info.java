package io.switchboard.client;
