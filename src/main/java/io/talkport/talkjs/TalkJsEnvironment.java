package io.talkport.talkjs;

public enum TalkJsEnvironment { TEST, LIVE }
